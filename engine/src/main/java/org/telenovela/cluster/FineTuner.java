package org.telenovela.cluster;

import org.telenovela.corpus.Corpus;
import org.telenovela.model.CharacterModel;
import org.telenovela.training.CastTrainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A worker's side of {@code train --cluster}: fine-tunes one character from the base model the coordinator sent,
 * on this machine's copy of the corpus, with the coordinator's settings and {@link CastTrainer}'s own code, so the
 * model file equals that of a local {@code train}.
 */
public final class FineTuner {
    private final Path corpusDir;
    private final Corpus corpus;

    public FineTuner(Path corpusDir) {
        this.corpusDir = corpusDir;
        this.corpus = Corpus.read(corpusDir);
    }

    public String checksum() {
        return corpus.checksum();
    }

    /** The fine-tuned model file's bytes. */
    public byte[] run(Protocol.FineTune job) throws IOException, InterruptedException {
        if (!job.corpusChecksum().equals(corpus.checksum())) {
            throw new IllegalStateException("this worker's corpus (" + corpusDir + ") differs from the coordinator's");
        }
        Path work = Files.createTempDirectory("telenovela-fine-tune-");
        try {
            Path baseFile = work.resolve("base.zip");
            Files.write(baseFile, job.base());
            CharacterModel base = CharacterModel.load(baseFile, true); // with the optimiser state, as a local run has it
            CastTrainer.Role role = new CastTrainer.Role(job.id(), job.cue(), work.resolve(job.id()).resolve("model.zip"));
            CastTrainer.Plan plan = new CastTrainer.Plan(corpusDir, work, job.spec(), job.batchSize(), 0, job.epochs(),
                    job.learningRate(), 0, 1, false, List.of(), List.of(role));
            new CastTrainer(plan, new CastTrainer.Listener() { }).fineTune(role, base, corpus, corpus.checksum());
            return Files.readAllBytes(role.model());
        } finally {
            try (Stream<Path> all = Files.walk(work)) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
