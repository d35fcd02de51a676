package org.telenovela.model;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.layers.recurrent.LSTM;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Map;
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
        return batch(sequences, seed, STEPS);
    }

    private static MultiDataSet batch(int sequences, long seed, int t) {
        Random random = new Random(seed);
        float[] symbols = new float[sequences * t];
        float[] beats = new float[sequences * t];
        float[] labels = new float[sequences * t];
        float[] features = new float[sequences * t];
        float[] counted = new float[sequences * t];
        for (int e = 0; e < sequences; e++) {
            int length = t - random.nextInt(STEPS / 2);
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

        double score = new LstmGradients(net, 0).computeGradient(ds, new SplittableRandom(1), null);

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
            gradients.fit(ds, new SplittableRandom(1), null);
        }
        assertEquals(reference.getConfiguration().getIterationCount(), net.getConfiguration().getIterationCount());
        double parameters = relativeDifference(reference.params(), net.params());
        assertTrue(parameters < 1e-5, "parameters differ by " + parameters);
        double state = relativeDifference(reference.getUpdater().getStateViewArray(), net.getUpdater().getStateViewArray());
        assertTrue(state < 1e-4, "Adam state differs by " + state);
    }

    /** Steps s0..s1 of every sequence of {@code ds}. */
    private static MultiDataSet segment(MultiDataSet ds, int s0, int s1) {
        org.nd4j.linalg.indexing.INDArrayIndex all = org.nd4j.linalg.indexing.NDArrayIndex.all();
        org.nd4j.linalg.indexing.INDArrayIndex steps = org.nd4j.linalg.indexing.NDArrayIndex.interval(s0, s1);
        return new MultiDataSet(
                new INDArray[]{ds.getFeatures(0).get(all, all, steps).dup(), ds.getFeatures(1).get(all, all, steps).dup()},
                new INDArray[]{ds.getLabels(0).get(all, all, steps).dup()},
                new INDArray[]{ds.getFeaturesMaskArray(0).get(all, steps).dup(), ds.getFeaturesMaskArray(1).get(all, steps).dup()},
                new INDArray[]{ds.getLabelsMaskArray(0).get(all, steps).dup()});
    }

    @Test
    void aCarriedStateIsDl4jsTruncatedBackpropagationStateAndItsGradientIsTheLoss() {
        // DL4J's truncated BPTT starts a segment from the state the previous one ended with; so does a Carry
        ComputationGraph reference = network(1);
        ComputationGraph net = reference.clone();
        MultiDataSet whole = batch(6, 3, 2 * STEPS);
        MultiDataSet first = segment(whole, 0, STEPS);
        MultiDataSet second = segment(whole, STEPS, 2 * STEPS);
        LstmGradients gradients = new LstmGradients(net, 0);
        int n = gradients.hidden();
        LstmGradients.Carry carry = new LstmGradients.Carry(6, n);
        gradients.computeGradient(first, new SplittableRandom(1), carry);

        computeGradient(reference, first);
        RecurrentLayer lstm = (RecurrentLayer) reference.getLayer(LstmNetwork.lstm(0));
        INDArray h = lstm.rnnGetTBPTTState().get(LSTM.STATE_KEY_PREV_ACTIVATION).dup();
        INDArray c = lstm.rnnGetTBPTTState().get(LSTM.STATE_KEY_PREV_MEMCELL).dup();
        assertTrue(relativeDifference(h, Nd4j.create(carry.h, new long[]{6, n})) < 1e-5, "the state after the first segment");
        assertTrue(relativeDifference(c, Nd4j.create(carry.c, new long[]{6, n})) < 1e-5, "the cell after the first segment");

        // the second segment from that state (one sequence starting blank instead, as a new text in a stream does):
        // the same loss as DL4J's forward pass from its truncated-BPTT state
        Arrays.fill(carry.carried, true);
        carry.carried[2] = false;
        h.getRow(2).assign(0);
        c.getRow(2).assign(0);
        lstm.rnnSetTBPTTState(Map.of(LSTM.STATE_KEY_PREV_ACTIVATION, h, LSTM.STATE_KEY_PREV_MEMCELL, c));
        double expected = computeGradient(reference, second);
        LstmGradients.Carry initial = copy(carry);
        double score = gradients.computeGradient(second, new SplittableRandom(1), carry);
        assertEquals(expected, score, 1e-5 * expected);

        // and its gradient (with the state held fixed) is the loss's, by central differences. DL4J's own gradient is
        // not the reference here: for this segment it is 13 % away from both (its backward pass recomputes the
        // forward pass from another state than its forward pass read)
        ComputationGraph probe = net.clone();
        LstmGradients probing = new LstmGradients(probe, 0);
        double squared = 0;
        double norm = 0;
        for (String name : new String[]{"W", "RW", "b"}) {
            INDArray analytic = gradientOf(net, LstmNetwork.lstm(0), name);
            INDArray parameter = probe.getParam(LstmNetwork.lstm(0) + "_" + name);
            for (long k = 0; k < parameter.length(); k += 5) {
                float v = parameter.getFloat(k);
                parameter.putScalar(k, v + 3e-3f);
                double up = probing.computeGradient(second, new SplittableRandom(1), copy(initial));
                parameter.putScalar(k, v - 3e-3f);
                double down = probing.computeGradient(second, new SplittableRandom(1), copy(initial));
                parameter.putScalar(k, v);
                double numeric = (up - down) / 6e-3 * 6; // the score is the minibatch's mean, the gradient its sum
                squared += Math.pow(numeric - analytic.getDouble(k), 2);
                norm += Math.pow(analytic.getDouble(k), 2);
            }
        }
        double difference = Math.sqrt(squared / norm);
        assertTrue(difference < 0.01, "relative difference from the central differences " + difference);

        // a blank start gives another gradient
        INDArray carried = net.getGradientsViewArray().dup();
        gradients.computeGradient(second, new SplittableRandom(1), null);
        double blank = relativeDifference(carried, net.getGradientsViewArray());
        assertTrue(blank > 1e-3, "a blank start gave the same gradient (" + blank + ")");
    }

    private static LstmGradients.Carry copy(LstmGradients.Carry carry) {
        LstmGradients.Carry copy = new LstmGradients.Carry(carry.carried.length, carry.h.length / carry.carried.length);
        System.arraycopy(carry.h, 0, copy.h, 0, carry.h.length);
        System.arraycopy(carry.c, 0, copy.c, 0, carry.c.length);
        System.arraycopy(carry.carried, 0, copy.carried, 0, carry.carried.length);
        return copy;
    }

    /** The view of {@code net}'s gradient that holds one parameter's. */
    private static INDArray gradientOf(ComputationGraph net, String layer, String param) {
        org.deeplearning4j.nn.api.Layer l = net.getLayer(layer);
        return l.conf().getLayer().initializer().getGradientsFromFlattened(l.conf(), l.getGradientsViewArray()).get(param);
    }

    /** DL4J's gradient of one truncated-BPTT segment, from the state its layers hold; returns its score. */
    private static double computeGradient(ComputationGraph net, MultiDataSet ds) {
        net.setInputs(ds.getFeatures());
        net.setLabels(ds.getLabels());
        net.setLayerMaskArrays(ds.getFeaturesMaskArrays(), ds.getLabelsMaskArrays());
        net.computeGradientAndScore();
        return net.score();
    }

    @Test
    void paddingAnywhereButAtTheEndIsRefused() {
        MultiDataSet ds = batch(3, 5);
        ds.getFeaturesMaskArray(0).putScalar(1, 0, 0); // sequence 1 starts with padding
        ds.getLabelsMaskArray(0).putScalar(1, 0, 0);
        LstmGradients gradients = new LstmGradients(network(1), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> gradients.computeGradient(ds, new SplittableRandom(1), null));
        assertTrue(e.getMessage().contains("sequence 1"), e.getMessage());
    }

    @Test
    void deeperStacksAreLeftToDl4j() {
        ComputationGraph deep = network(2);
        assertTrue(!LstmGradients.handles(deep));
        assertThrows(IllegalArgumentException.class, () -> new LstmGradients(deep, 0));
    }
}
