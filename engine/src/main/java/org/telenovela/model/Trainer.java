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
 * drops the same units. A set that carries state starts every epoch's streams blank, so a resumed epoch does too.
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
        List<TrainingSet.Batch> batches = set.batches(batchSize, seed * 1_000_003L + epoch);
        Step step = step(model, seed * 1_000_003L + epoch, set.carriesState());
        double lossSum = 0;
        long targetSum = 0;
        long inputDone = 0;
        for (int i = 0; i < batches.size(); i++) {
            MultiDataSet ds = batches.get(i).data();
            double score = step.fit(batches.get(i));
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
            Step step = step(model, seed * 1_000_003L + e, set.carriesState());
            for (TrainingSet.Batch batch : set.batches(batchSize, seed * 1_000_003L + e)) {
                step.fit(batch);
                symbols += (long) batch.data().getFeaturesMaskArray(0).sumNumber().doubleValue();
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
        double fit(TrainingSet.Batch batch);
    }

    /**
     * The one-layer network trains through {@link LstmGradients} (the same gradient and DL4J's updater, in whole-
     * sequence products: 2.5 times as fast), deeper stacks through DL4J's own fit. Dropout is drawn from a
     * generator seeded per epoch (ND4J's, for DL4J's fit), so an epoch redone or resumed after a checkpoint, or
     * trained on another machine, drops the same units. With {@code carryState}, each stream's state (the LSTM's
     * output and cell where its last window ended) goes into the stream's next window.
     */
    private static Step step(CharacterModel model, long epochSeed, boolean carryState) {
        ComputationGraph net = model.network();
        if (LstmGradients.handles(net)) {
            LstmGradients gradients = new LstmGradients(net, model.info().spec().dropout());
            SplittableRandom dropout = new SplittableRandom(epochSeed);
            if (!carryState) {
                return batch -> gradients.fit(batch.data(), dropout, null);
            }
            // row i of every minibatch is stream i: one Carry for the epoch holds each stream's state from one
            // minibatch to the next (the last minibatch, the only short one, uses its first rows)
            LstmGradients.Carry[] carry = new LstmGradients.Carry[1];
            return batch -> {
                boolean[] continues = batch.continues();
                if (carry[0] == null) {
                    carry[0] = new LstmGradients.Carry(continues.length, gradients.hidden());
                }
                System.arraycopy(continues, 0, carry[0].carried, 0, continues.length);
                return gradients.fit(batch.data(), dropout, carry[0]);
            };
        }
        if (carryState) {
            throw new IllegalArgumentException("carrying state trains one-layer models only");
        }
        Nd4j.getRandom().setSeed(epochSeed);
        return batch -> {
            net.fit(batch.data());
            return net.score();
        };
    }

    /**
     * The window a held-out set for a model of {@code spec} is cut into: its training window, or for a model trained
     * with carried state, whole texts (each read from its start, as generation reads a scene).
     */
    public static int evaluationWindow(ModelSpec spec) {
        return spec.carryState() ? WHOLE_TEXT : spec.tbpttLength();
    }

    /** A window longer than any text: a set cut into it reads each text whole. */
    public static final int WHOLE_TEXT = 1 << 24;

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
        // about 6,400 steps a minibatch (64 windows of 100), fewer, longer rows for whole texts
        for (MultiDataSet ds : set.inOrder(Math.max(1, Math.min(64, 6400 / set.longestWindow())))) {
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
