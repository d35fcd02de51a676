package org.telenovela.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.TreeMap;

/**
 * A network's parameters as plain Java arrays, by {@code layer/param} ("lstm0/RW"), so that generation needs no
 * ND4J at all (its native start-up was most of a command's first second). A model file stores the flat parameter
 * vector as little-endian float16 (a trained model) or float32 (a checkpoint), plus an index of where each matrix
 * lies in it and in which order; training reads the same vector back into DL4J.
 */
final class PlainWeights {
    /** Where one parameter lies in the flat vector: offset, rows, columns, and 'c' (row-major) or 'f' order. */
    record Slice(long offset, int rows, int cols, char order) {
    }

    private final Map<String, float[][]> matrices;

    private PlainWeights(Map<String, float[][]> matrices) {
        this.matrices = matrices;
    }

    float[][] matrix(String layer, String param) {
        float[][] m = matrices.get(layer + "/" + param);
        if (m == null) {
            throw new IllegalArgumentException("no parameter " + layer + "/" + param);
        }
        return m;
    }

    /** The bias (or any 1-row parameter) as a vector. */
    float[] vector(String layer, String param) {
        return matrix(layer, param)[0];
    }

    boolean has(String layer, String param) {
        return matrices.containsKey(layer + "/" + param);
    }

    /** Where each parameter of a live network lies in its flat parameter vector. */
    static Map<String, Slice> index(ComputationGraph net) {
        Map<String, Slice> index = new TreeMap<>();
        long base = net.params().offset();
        for (Layer layer : net.getLayers()) {
            String name = layer.conf().getLayer().getLayerName();
            for (Map.Entry<String, INDArray> p : layer.paramTable().entrySet()) {
                INDArray a = p.getValue();
                int rows = a.rank() == 1 ? 1 : (int) a.size(0);
                int cols = a.rank() == 1 ? (int) a.length() : (int) a.size(1);
                char order = a.rank() == 1 || rows == 1 ? 'c' : a.ordering();
                long[] stride = a.stride();
                boolean contiguous = a.rank() == 1 || rows == 1 || cols == 1
                        || (order == 'c' ? stride[0] == cols && stride[1] == 1 : stride[0] == 1 && stride[1] == rows);
                if (!contiguous) {
                    throw new IllegalStateException(name + "/" + p.getKey() + " is not a contiguous view");
                }
                index.put(name + "/" + p.getKey(), new Slice(a.offset() - base, rows, cols, order));
            }
        }
        return index;
    }

    static PlainWeights of(ComputationGraph net) {
        return of(net.params().toFloatVector(), index(net));
    }

    static PlainWeights of(float[] flat, Map<String, Slice> index) {
        Map<String, float[][]> m = new TreeMap<>();
        for (Map.Entry<String, Slice> e : index.entrySet()) {
            Slice s = e.getValue();
            if (s.rows() < 1 || s.cols() < 1 || s.offset() < 0 || s.offset() + (long) s.rows() * s.cols() > flat.length) {
                throw new IllegalArgumentException("parameter " + e.getKey() + " lies outside the stored vector");
            }
            m.put(e.getKey(), rows(flat, (int) s.offset(), s.rows(), s.cols(), s.order() == 'c'));
        }
        return new PlainWeights(m);
    }

    /**
     * The matrix at {@code off} as rows. Row-major: a copy per row. Column-major (DL4J's weights): copied in tiles of
     * 64 columns, so that reads and writes both stay in cache (element by element over whole columns took a third
     * of loading a model).
     */
    private static float[][] rows(float[] flat, int off, int rows, int cols, boolean rowMajor) {
        float[][] a = new float[rows][cols];
        if (rowMajor) {
            for (int i = 0; i < rows; i++) {
                System.arraycopy(flat, off + i * cols, a[i], 0, cols);
            }
            return a;
        }
        for (int j0 = 0; j0 < cols; j0 += 64) {
            int j1 = Math.min(cols, j0 + 64);
            for (int i = 0; i < rows; i++) {
                float[] row = a[i];
                for (int j = j0; j < j1; j++) {
                    row[j] = flat[off + j * rows + i];
                }
            }
        }
        return a;
    }

    static byte[] bytes(float[] flat) {
        ByteBuffer b = ByteBuffer.allocate(flat.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(flat);
        return b.array();
    }

    /** The flat vector as little-endian float16 (see {@link Float16}): a shipped model's weights. */
    static byte[] halves(float[] flat) {
        ByteBuffer b = ByteBuffer.allocate(flat.length * Short.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : flat) {
            b.putShort(Float16.fromFloat(f));
        }
        return b.array();
    }

    static float[] fromHalves(byte[] bytes) {
        if (bytes.length % Short.BYTES != 0) {
            throw new IllegalArgumentException("parameter data is not a whole number of halves");
        }
        float[] f = new float[bytes.length / Short.BYTES];
        for (int i = 0; i < f.length; i++) { // little-endian halves, read straight from the bytes
            f[i] = Float16.toFloat((short) ((bytes[2 * i] & 0xff) | (bytes[2 * i + 1] << 8)));
        }
        return f;
    }

    static float[] floats(byte[] bytes) {
        if (bytes.length % Float.BYTES != 0) {
            throw new IllegalArgumentException("parameter data is not a whole number of floats");
        }
        float[] f = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
        return f;
    }
}
