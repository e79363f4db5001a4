package kiseki.structure;

import org.ejml.data.DMatrix3x3;
import org.ejml.dense.fixed.CommonOps_DDF3;

/** Small 3×3 helpers on row-major double[9], backed by EJML's fixed-size kernels. */
final class Mat3 {

    private Mat3() {
    }

    static DMatrix3x3 toEjml(double[] m) {
        return new DMatrix3x3(m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8]);
    }

    static double det(double[] m) {
        return CommonOps_DDF3.det(toEjml(m));
    }

    static double[] inverse(double[] m) {
        DMatrix3x3 out = new DMatrix3x3();
        if (!CommonOps_DDF3.invert(toEjml(m), out)) {
            throw new IllegalArgumentException("singular 3×3 matrix");
        }
        return new double[] {out.a11, out.a12, out.a13, out.a21, out.a22, out.a23, out.a31, out.a32, out.a33};
    }

    static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }
}
