package org.telenovela.model;

import org.deeplearning4j.nn.api.OptimizationAlgorithm;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The network every character model is: the symbol (a character or a subword piece) and the beat each go through
 * an embedding, the two embeddings side by side feed a stack of LSTM layers, and a softmax predicts the next
 * symbol. The beat has one more embedding row than there are beats: "no beat" (a line's control code, a beat the
 * model never saw).
 *
 * <p>Dropout (when the spec asks for it) applies to every layer's input, never to the recurrent connections: the
 * inputs of the LSTM layers and of the softmax. DL4J's dropout is inverted (scaled while training), so the
 * trained weights need no scaling to generate.
 *
 * <p>Why embeddings: a one-hot input costs a multiply per vocabulary entry and gate at every step, which for 1,600
 * subword pieces was 70 % of a 1x256 network's training time; an embedding is a row lookup.
 */
public final class LstmNetwork {
    static final String SYMBOL_INPUT = "symbol";
    static final String BEAT_INPUT = "beat";
    static final String SYMBOL_EMBEDDING = "symbolEmbedding";
    static final String BEAT_EMBEDDING = "beatEmbedding";
    static final String OUTPUT = "output";
    /** Width of the beat embedding. */
    static final int BEAT_WIDTH = 16;

    private LstmNetwork() {
    }

    static String lstm(int layer) {
        return "lstm" + layer;
    }

    /** Width of the symbol embedding: half the hidden size, and never wider than the vocabulary. */
    static int symbolWidth(ModelSpec spec, int vocabulary) {
        return Math.min(vocabulary, Math.max(8, spec.hiddenSize() / 2));
    }

    /** A freshly initialised network for {@code vocabulary} symbols and {@code beats} beats (plus "no beat"). */
    static ComputationGraph create(ModelSpec spec, int vocabulary, int beats) {
        int e = symbolWidth(spec, vocabulary);
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(spec.seed())
                .dataType(DataType.FLOAT)
                .optimizationAlgo(OptimizationAlgorithm.STOCHASTIC_GRADIENT_DESCENT)
                .weightInit(WeightInit.XAVIER)
                .updater(new Adam(spec.learningRate()))
                .gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
                .gradientNormalizationThreshold(1.0)
                .graphBuilder()
                .addInputs(SYMBOL_INPUT, BEAT_INPUT)
                .addLayer(SYMBOL_EMBEDDING, new EmbeddingSequenceLayer.Builder().nIn(vocabulary).nOut(e).hasBias(false)
                        .outputDataFormat(RNNFormat.NCW).build(),
                        SYMBOL_INPUT)
                .addLayer(BEAT_EMBEDDING, new EmbeddingSequenceLayer.Builder().nIn(beats + 1).nOut(BEAT_WIDTH).hasBias(false)
                        .outputDataFormat(RNNFormat.NCW).build(),
                        BEAT_INPUT)
                .addVertex("inputs", new MergeVertex(), SYMBOL_EMBEDDING, BEAT_EMBEDDING);
        String previous = "inputs";
        for (int i = 0; i < spec.layers(); i++) {
            LSTM.Builder layer = new LSTM.Builder().nIn(i == 0 ? e + BEAT_WIDTH : spec.hiddenSize()).nOut(spec.hiddenSize())
                    .activation(Activation.TANH).dataFormat(RNNFormat.NCW);
            if (spec.dropout() > 0) {
                layer.dropOut(1 - spec.dropout()); // DL4J's argument is the share kept
            }
            g.addLayer(lstm(i), layer.build(), previous);
            previous = lstm(i);
        }
        RnnOutputLayer.Builder output = new RnnOutputLayer.Builder(LossFunctions.LossFunction.SPARSE_MCXENT)
                .activation(Activation.SOFTMAX).nIn(spec.hiddenSize()).nOut(vocabulary).dataFormat(RNNFormat.NCW);
        if (spec.dropout() > 0) {
            output.dropOut(1 - spec.dropout());
        }
        g.addLayer(OUTPUT, output.build(), previous);
        ComputationGraphConfiguration conf = g.setOutputs(OUTPUT)
                .backpropType(BackpropType.TruncatedBPTT)
                .tBPTTForwardLength(spec.tbpttLength())
                .tBPTTBackwardLength(spec.tbpttLength())
                .build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }
}
