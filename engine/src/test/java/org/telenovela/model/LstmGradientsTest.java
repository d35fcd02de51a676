package org.telenovela.model;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gradient computed by LstmGradients is DL4J's, and a step with it is DL4J's fit. */
class LstmGradientsTest {
    private static final int VOCABULARY = 40;
    private static final int BEATS = 5;
    private static final int STEPS = 24;

    private static ComputationGraph network(int layers) {
        return LstmNetwork.create(new ModelSpec(layers, 16, STEPS, 0.01, 11, 0, 0), VOCABULARY, BEATS);
    }

    /** Sequences of different lengths (trailing padding), each with a few uncounted context steps first, as TrainingSet makes them. */
    private static MultiDataSet batch(int sequences, long seed) {
        Random random = new Random(seed);
        int t = STEPS;
        float[] symbols = new float[sequences * t];
        float[] beats = new float[sequences * t];
        float[] labels = new float[sequences * t];
        float[] features = new float[sequences * t];
        float[] counted = new float[sequences * t];
        for (int e = 0; e < sequences; e++) {
            int length = t - random.nextInt(t / 2);
            for (int s = 0; s < t; s++) {
                int i = e * t + s;
                beats[i] = BEATS;
                if (s < length) {
                    symbols[i] = random.nextInt(VOCABULARY);
                    beats[i] = random.nextInt(BEATS + 1);
                    labels[i] = random.nextInt(VOCABULARY);
                    features[i] = 1;
                    counted[i] = s >= 3 ? 1 : 0;
                }
            }
        }
        long[] shape = {sequences, 1, t};
        long[] mask = {sequences, t};
        return new MultiDataSet(
                new INDArray[]{Nd4j.create(symbols, shape, DataType.FLOAT), Nd4j.create(beats, shape, DataType.FLOAT)},
                new INDArray[]{Nd4j.create(labels, shape, DataType.FLOAT)},
                new INDArray[]{Nd4j.create(features, mask, DataType.FLOAT), Nd4j.create(features, mask, DataType.FLOAT)},
                new INDArray[]{Nd4j.create(counted, mask, DataType.FLOAT)});
    }

    private static double relativeDifference(INDArray expected, INDArray actual) {
        return expected.sub(actual).norm2Number().doubleValue() / expected.norm2Number().doubleValue();
    }

    @Test
    void theGradientIsDl4jsBackpropagation() {
        ComputationGraph reference = network(1);
        ComputationGraph net = reference.clone();
        MultiDataSet ds = batch(5, 1);
        reference.setInputs(ds.getFeatures());
        reference.setLabels(ds.getLabels());
        reference.setLayerMaskArrays(ds.getFeaturesMaskArrays(), ds.getLabelsMaskArrays());
        reference.computeGradientAndScore();

        double score = new LstmGradients(net, 0).computeGradient(ds, new SplittableRandom(1));

        assertEquals(reference.score(), score, 1e-4 * reference.score());
        double difference = relativeDifference(reference.getGradientsViewArray(), net.getGradientsViewArray());
        assertTrue(difference < 1e-5, "relative difference " + difference);
    }

    @Test
    void stepsEqualDl4jsFitIncludingTheOptimiserState() {
        ComputationGraph reference = network(1);
        ComputationGraph net = reference.clone();
        LstmGradients gradients = new LstmGradients(net, 0);
        int[] sizes = {7, 4, 6, 5}; // smaller minibatches after a larger one reuse its buffers, as an epoch's last one does
        for (int i = 0; i < sizes.length; i++) {
            MultiDataSet ds = batch(sizes[i], 10 + i);
            reference.fit(ds);
            gradients.fit(ds, new SplittableRandom(1));
        }
        assertEquals(reference.getConfiguration().getIterationCount(), net.getConfiguration().getIterationCount());
        double parameters = relativeDifference(reference.params(), net.params());
        assertTrue(parameters < 1e-5, "parameters differ by " + parameters);
        double state = relativeDifference(reference.getUpdater().getStateViewArray(), net.getUpdater().getStateViewArray());
        assertTrue(state < 1e-4, "Adam state differs by " + state);
    }

    @Test
    void paddingAnywhereButAtTheEndIsRefused() {
        MultiDataSet ds = batch(3, 5);
        ds.getFeaturesMaskArray(0).putScalar(1, 0, 0); // sequence 1 starts with padding
        ds.getLabelsMaskArray(0).putScalar(1, 0, 0);
        LstmGradients gradients = new LstmGradients(network(1), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> gradients.computeGradient(ds, new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("sequence 1"), e.getMessage());
    }

    @Test
    void deeperStacksAreLeftToDl4j() {
        ComputationGraph deep = network(2);
        assertTrue(!LstmGradients.handles(deep));
        assertThrows(IllegalArgumentException.class, () -> new LstmGradients(deep, 0));
    }
}
