package kiseki.md;

import java.io.IOException;
import java.nio.file.Path;

import kiseki.io.ExtxyzWriter;
import kiseki.structure.Frame;

/** {@link TrajectoryFormat#EXTXYZ}: frames go through {@link ExtxyzWriter}; info "step" and "time_fs" stay keys. */
final class ExtxyzTrajectoryWriter implements TrajectoryWriter {

    private final ExtxyzWriter out;

    private ExtxyzTrajectoryWriter(ExtxyzWriter out) {
        this.out = out;
    }

    static ExtxyzTrajectoryWriter open(Path file, boolean append) throws IOException {
        return new ExtxyzTrajectoryWriter(ExtxyzWriter.open(file, append));
    }

    @Override
    public void append(Frame frame) throws IOException {
        out.append(frame);
    }

    @Override
    public Path file() {
        return out.file();
    }

    @Override
    public TrajectoryFormat format() {
        return TrajectoryFormat.EXTXYZ;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
