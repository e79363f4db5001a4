package kiseki.io;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CifSymmetryTest {

    private static void assertOp(String text, int[][] rotation, double[] translation) {
        CifSymmetry.Operation op = CifSymmetry.parse(text);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(rotation[i], op.rotation()[i], "row " + i + " of " + text);
        }
        assertArrayEquals(translation, op.translation(), 1e-15, text);
    }

    private static final int[][] IDENTITY = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};

    @Test
    void identityInEverySpelling() {
        for (String s : new String[] {"x, y, z", "x,y,z", "+x,+y,+z", "X,Y,Z", " x ,  y ,z ", "x,\ty,z"}) {
            assertOp(s, IDENTITY, new double[3]);
        }
        assertEquals(CifSymmetry.Operation.IDENTITY, CifSymmetry.parse("+x,+y,+z"));
    }

    @Test
    void screwAxisWithFractions() {
        int[][] r = {{-1, 0, 0}, {0, 1, 0}, {0, 0, -1}};
        double[] t = {0.5, 0.5, 0.5};
        assertOp("-x+1/2,+y+1/2,-z+1/2", r, t);
        assertOp("-x+1/2, y+1/2, -z+1/2", r, t);
        assertOp("1/2-x,1/2+y,1/2-z", r, t);
        assertOp("-x+0.5,y+0.5,-z+.5", r, t);
        assertOp("-X+1/2,Y+1/2,-Z+1/2", r, t);
    }

    @Test
    void translationBeforeVariable() {
        assertOp("1/2+x,y,z", IDENTITY, new double[] {0.5, 0, 0});
        assertOp("x+0.5,y,z", IDENTITY, new double[] {0.5, 0, 0});
        assertOp("x,y,z+1/6", IDENTITY, new double[] {0, 0, 1.0 / 6});
    }

    @Test
    void hexagonalCombinations() {
        assertOp("x-y,x,z+1/6", new int[][] {{1, -1, 0}, {1, 0, 0}, {0, 0, 1}}, new double[] {0, 0, 1.0 / 6});
        assertOp("-y,x-y,z+2/3", new int[][] {{0, -1, 0}, {1, -1, 0}, {0, 0, 1}}, new double[] {0, 0, 2.0 / 3});
        assertOp("-x+y,-x,z", new int[][] {{-1, 1, 0}, {-1, 0, 0}, {0, 0, 1}}, new double[3]);
        assertOp("y,x,-z", new int[][] {{0, 1, 0}, {1, 0, 0}, {0, 0, -1}}, new double[3]);
    }

    @Test
    void negativeTranslationsAndInversion() {
        CifSymmetry.Operation op = CifSymmetry.parse("-x,-y,-z-1/4");
        assertEquals(-1, op.determinant());
        assertArrayEquals(new double[] {0, 0, -0.25}, op.translation(), 0);
        assertArrayEquals(new double[] {-0.1, -0.2, -0.55}, op.apply(new double[] {0.1, 0.2, 0.3}), 1e-15);
    }

    @Test
    void toStringWritesXyzNotation() {
        assertEquals("-x+1/2, y+1/2, -z+1/2", CifSymmetry.parse("-x+1/2,+y+1/2,-z+1/2").toString());
        assertEquals("x-y, x, z+1/6", CifSymmetry.parse("x-y,x,z+1/6").toString());
        assertEquals("x, y, z", CifSymmetry.Operation.IDENTITY.toString());
        // the printed form parses back to the same operation
        CifSymmetry.Operation op = CifSymmetry.parse("1/2+x,-y+3/4,z-1/3");
        assertEquals(op, CifSymmetry.parse(op.toString()));
    }

    @Test
    void badOperatorsSayWhatIsWrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CifSymmetry.parse("x,y"))
                .getMessage().contains("three components"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CifSymmetry.parse("x,,z"))
                .getMessage().contains("second component is empty"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CifSymmetry.parse("x,y,w"))
                .getMessage().contains("found 'w'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CifSymmetry.parse("x,y,z+1/0"))
                .getMessage().contains("division by zero"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CifSymmetry.parse("x,x,z"))
                .getMessage().contains("determinant 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CifSymmetry.parse("0.5x,y,z"))
                .getMessage().contains("not a small whole number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CifSymmetry.parse("x y,y,z"))
                .getMessage().contains("joined by + or -"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CifSymmetry.parse("x+x+x+x+x+x+x,y,z"))
                .getMessage().contains("not a small whole number"));
        assertThrows(IllegalArgumentException.class, () -> CifSymmetry.parse("x,y,z+"));
        assertThrows(IllegalArgumentException.class, () -> CifSymmetry.parse("x,y,z+1/"));
        assertThrows(IllegalArgumentException.class, () -> CifSymmetry.parse("x,y,z+."));
        assertThrows(IllegalArgumentException.class, () -> CifSymmetry.parse(""));
    }
}
