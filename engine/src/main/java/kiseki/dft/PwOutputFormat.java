package kiseki.dft;

import kiseki.io.FrameReader;
import kiseki.io.ReadOptions;
import kiseki.io.StructureFormat;
import kiseki.io.WriteOptions;
import kiseki.structure.Frame;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Quantum ESPRESSO pw.x output as a structure format ("qe-out", read only): the labelled structure of the last SCF
 * (scf, relax, vc-relax, md), read by {@link PwOutput#read}. An output that cannot be read fails with a
 * {@code FormatException} at its line; a run that did not converge or did not finish ("JOB DONE.") fails with the
 * reason, so a run that was cut off never yields a half-labelled frame. To classify runs without exceptions, use
 * {@link PwOutput#parse}.
 */
public final class PwOutputFormat implements StructureFormat {

    public PwOutputFormat() {
    }

    @Override
    public String name() {
        return "qe-out";
    }

    @Override
    public List<String> extensions() {
        return List.of("pwo", "out");
    }

    @Override
    public boolean canWrite() {
        return false;
    }

    @Override
    public void write(Path file, List<Frame> frames, WriteOptions options) {
        throw new UnsupportedOperationException("pw.x output files are written by pw.x; write a pw.x input"
                + " with the qe-in format");
    }

    @Override
    public FrameReader open(Path file, ReadOptions options) throws IOException {
        return FrameReader.single(file, PwOutput::read);
    }
}
