package org.telenovela.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.util.List;

/**
 * Fits a {@link CharacterModel} on a {@link TrainingSet}, one epoch at a time, and measures bits per character.
 * Shuffling is seeded by (seed, epoch), so an epoch replayed after a resume sees the same batches.
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
        MultiLayerNetwork net = model.network();
        List<DataSet> batches = set.batches(batchSize, seed * 1_000_003L + epoch);
        double lossSum = 0;
        long targetSum = 0;
        long inputDone = 0;
        for (int i = 0; i < batches.size(); i++) {
            DataSet ds = batches.get(i);
            net.fit(ds);
            long counted = (long) ds.getLabelsMaskArray().sumNumber().doubleValue();
            // MCXENT score is the masked sum divided by the minibatch size
            lossSum += net.score() * ds.numExamples();
            targetSum += counted;
            inputDone += (long) ds.getFeaturesMaskArray().sumNumber().doubleValue();
            if (progress != null) {
                progress.update(i + 1, batches.size(), inputDone, lossSum / Math.max(1, targetSum));
            }
        }
        net.rnnClearPreviousState();
        model.weightsChanged();
        return lossSum / Math.max(1, targetSum);
    }

    /** Bits per counted character under the model (no training, listening state untouched). */
    public static double bitsPerChar(CharacterModel model, TrainingSet set) {
        MultiLayerNetwork net = model.network();
        double nats = 0;
        long count = 0;
        for (DataSet ds : set.inOrder(64)) {
            INDArray out = net.output(ds.getFeatures(), false, ds.getFeaturesMaskArray(), ds.getLabelsMaskArray());
            INDArray picked = out.mul(ds.getLabels()).sum(1); // [b, t]: probability of the true next symbol
            INDArray mask = ds.getLabelsMaskArray();
            float[] p = picked.ravel().toFloatVector();
            float[] m = mask.ravel().toFloatVector();
            for (int i = 0; i < p.length; i++) {
                if (m[i] > 0) {
                    nats -= Math.log(Math.max(p[i], 1e-12f));
                    count++;
                }
            }
        }
        return count == 0 ? Double.NaN : nats / count / Math.log(2);
    }
}
