package org.telenovela.model;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Fits a {@link CharacterModel} on a {@link TrainingSet}, one epoch at a time, and measures bits per character.
 * Shuffling and dropout are seeded by (seed, epoch), so an epoch replayed after a resume sees the same batches and
 * drops the same units.
 */
public final class Trainer {
    /** Called after every minibatch. */
    public interface Progress {
        void update(int batch, int batches, long inputCharsDone, double lossNatsPerChar);
    }

    private Trainer() {
    }

    /** Trains one epoch; returns the mean loss over counted targets, in nats per character. */
    public static double epoch(CharacterModel model, TrainingSet set, int batchSize, long seed, int epoch, Progress progress) {
        ComputationGraph net = model.network();
        List<MultiDataSet> batches = set.batches(batchSize, seed * 1_000_003L + epoch);
        Step step = step(model, seed * 1_000_003L + epoch);
        double lossSum = 0;
        long targetSum = 0;
        long inputDone = 0;
        for (int i = 0; i < batches.size(); i++) {
            MultiDataSet ds = batches.get(i);
            double score = step.fit(ds);
            long counted = (long) ds.getLabelsMaskArray(0).sumNumber().doubleValue();
            // the cross-entropy score is the masked sum divided by the minibatch size
            lossSum += score * ds.getFeatures(0).size(0);
            targetSum += counted;
            inputDone += (long) ds.getFeaturesMaskArray(0).sumNumber().doubleValue();
            if (progress != null) {
                long charsDone = set.inputSymbols() == 0 ? 0 : inputDone * set.inputChars() / set.inputSymbols();
                progress.update(i + 1, batches.size(), charsDone, lossSum / Math.max(1, targetSum));
            }
        }
        net.rnnClearPreviousState();
        model.weightsChanged();
        return lossSum / Math.max(1, targetSum);
    }

    /**
     * Trains for at most {@code nanos} of wall time, epoch after epoch (each shuffled by seed and epoch as
     * {@link #epoch}), stopping after the minibatch that crosses the budget; returns the symbols read. For comparing
     * shapes at the same training-time budget.
     */
    public static long trainFor(CharacterModel model, TrainingSet set, int batchSize, long seed, long nanos) {
        ComputationGraph net = model.network();
        long end = System.nanoTime() + nanos;
        long symbols = 0;
        for (int e = 0; System.nanoTime() < end; e++) {
            Step step = step(model, seed * 1_000_003L + e);
            for (MultiDataSet ds : set.batches(batchSize, seed * 1_000_003L + e)) {
                step.fit(ds);
                symbols += (long) ds.getFeaturesMaskArray(0).sumNumber().doubleValue();
                if (System.nanoTime() >= end) {
                    break;
                }
            }
        }
        net.rnnClearPreviousState();
        model.weightsChanged();
        return symbols;
    }

    /** One minibatch's training: the update, then the score (the masked cross-entropy summed, over the minibatch). */
    private interface Step {
        double fit(MultiDataSet ds);
    }

    /**
     * The one-layer network trains through {@link LstmGradients} (the same gradient and DL4J's updater, in whole-
     * sequence products: 2.5 times as fast), deeper stacks through DL4J's own fit. Dropout is drawn from a
     * generator seeded per epoch (ND4J's, for DL4J's fit), so an epoch redone or resumed after a checkpoint, or
     * trained on another machine, drops the same units.
     */
    private static Step step(CharacterModel model, long epochSeed) {
        ComputationGraph net = model.network();
        if (LstmGradients.handles(net)) {
            LstmGradients gradients = new LstmGradients(net, model.info().spec().dropout());
            SplittableRandom dropout = new SplittableRandom(epochSeed);
            return ds -> gradients.fit(ds, dropout);
        }
        Nd4j.getRandom().setSeed(epochSeed);
        return ds -> {
            net.fit(ds);
            return net.score();
        };
    }

    /**
     * Bits per counted character under the model (no training, listening state untouched): for a subword model
     * the bits of every counted piece, divided by the characters those pieces cover, so the figure compares with
     * a character-level model's.
     */
    public static double bitsPerChar(CharacterModel model, TrainingSet set) {
        ComputationGraph net = model.network();
        double nats = 0;
        long count = 0;
        List<int[]> covered = set.coveredInOrder();
        int row = 0;
        for (MultiDataSet ds : set.inOrder(64)) {
            INDArray out = net.output(false, ds.getFeatures(), ds.getFeaturesMaskArrays(), ds.getLabelsMaskArrays())[0];
            INDArray mask = ds.getLabelsMaskArray(0);
            float[] m = mask.ravel().toFloatVector();
            float[] label = ds.getLabels(0).ravel().toFloatVector();
            int steps = (int) mask.size(1);
            for (int i = 0; i < m.length; i++) {
                if (m[i] > 0) {
                    // probability of the true next symbol
                    float p = out.getFloat(i / steps, (long) label[i], i % steps);
                    nats -= Math.log(Math.max(p, 1e-12f));
                    count += covered.get(row + i / steps)[i % steps];
                }
            }
            row += (int) mask.size(0);
        }
        return count == 0 ? Double.NaN : nats / count / Math.log(2);
    }
}
