package org.telenovela.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Priming through libnd4j's fused {@code lstmLayer} op, kept for the bench's comparison with {@link LstmInference}
 * (issue #8 asked to try it and keep it where it wins). Measured here it does not win: for one stream over 300
 * characters the op takes about 4x as long as the plain-Java pass, so generation does not use it.
 * Only the first LSTM layer; a test pins its final hidden state to the Java pass.
 */
public final class FusedLstm {
    private final int hidden;
    private final int inputs;
    private final INDArray inputWeights;
    private final INDArray recurrentWeights;
    private final INDArray bias;

    public FusedLstm(CharacterModel model) {
        var layer = model.network().getLayer(0);
        this.hidden = (int) layer.getParam("RW").size(0);
        this.inputs = (int) layer.getParam("W").size(0); // symbols, then beats (none given here)
        this.inputWeights = gates(layer.getParam("W"));
        this.recurrentWeights = gates(layer.getParam("RW"));
        this.bias = gates(layer.getParam("b").reshape(1, 4L * hidden)).reshape(4L * hidden);
    }

    /** DL4J keeps the gate blocks as [block input, forget, output, input]; lstmLayer wants [input, forget, block, output]. */
    private INDArray gates(INDArray w) {
        int h = hidden;
        INDArray block = w.get(NDArrayIndex.all(), NDArrayIndex.interval(0, h));
        INDArray forget = w.get(NDArrayIndex.all(), NDArrayIndex.interval(h, 2 * h));
        INDArray output = w.get(NDArrayIndex.all(), NDArrayIndex.interval(2 * h, 3 * h));
        INDArray input = w.get(NDArrayIndex.all(), NDArrayIndex.interval(3 * h, 4 * h));
        return Nd4j.hstack(input, forget, block, output).dup();
    }

    /** The first layer's hidden state after reading {@code ids} (no beat input) from a fresh state, in one op call. */
    public float[] prime(int[] ids) {
        INDArray x = Nd4j.zeros(DataType.FLOAT, ids.length, 1, inputs); // [time, batch, input]
        for (int t = 0; t < ids.length; t++) {
            x.putScalar(new int[]{t, 0, ids[t]}, 1f);
        }
        // NDRNN.lstmLayer(INDArray...) of 1.0.0-M2.1 passes the inputs as outputs, so the op is built by hand:
        // iArgs: data format TNS, forward, gate sigmoid, cell tanh, output tanh; bArgs: bias, no sequence lengths,
        // no initial h/c, no peepholes, last h and last c only; tArgs: no cell clipping
        DynamicCustomOp op = DynamicCustomOp.builder("lstmLayer")
                .addInputs(x, inputWeights, recurrentWeights, bias)
                .addIntegerArguments(0, 0, 2, 0, 0)
                .addBooleanArguments(true, false, false, false, false, false, true, true)
                .addFloatingPointArguments(0.0)
                .build();
        return Nd4j.exec(op)[0].reshape(hidden).toFloatVector();
    }

    /** The same through {@link LstmInference}, for comparison. */
    public static float[] primeInJava(CharacterModel model, int[] ids) {
        LstmInference lstm = new LstmInference(model.network());
        LstmInference.Stream s = lstm.newStream();
        LstmInference.Scratch scratch = lstm.scratch(1);
        for (int id : ids) {
            lstm.step(s, id, -1, null, scratch);
        }
        return s.h[0];
    }
}
