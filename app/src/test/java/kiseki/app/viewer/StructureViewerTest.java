package kiseki.app.viewer;

import javafx.geometry.Point2D;
import javafx.geometry.VerticalDirection;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.SubScene;
import javafx.scene.control.Label;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.StackPane;
import javafx.scene.shape.MeshView;
import javafx.scene.shape.TriangleMesh;
import javafx.stage.Stage;
import kiseki.structure.Element;
import kiseki.structure.Lattice;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;
import kiseki.structure.Supercells;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The viewer component under the headless test toolkit (Monocle with the software renderer, which has no 3D): the
 * no-3D message, and with the 3D path forced on (scene graph built, not drawn) the timing of building and updating
 * 1,600 atoms, picking against JavaFX's own camera projection, selection and the properties.
 */
@ExtendWith(ApplicationExtension.class)
class StructureViewerTest {

    private StackPane host;

    @Start
    void start(Stage stage) {
        host = new StackPane();
        stage.setScene(new Scene(host, 800, 600));
        stage.show();
    }

    private static <T> T fx(Callable<T> work) throws Exception {
        return WaitForAsyncUtils.asyncFx(work).get();
    }

    private StructureViewer shown(boolean scene3d) throws Exception {
        StructureViewer viewer = fx(() -> {
            StructureViewer v = new StructureViewer(scene3d);
            host.getChildren().setAll(v);
            return v;
        });
        WaitForAsyncUtils.waitForFxEvents();
        return viewer;
    }

    @Test
    void withoutSceneThreeDTheViewerSaysSoInsteadOfShowingABlankPane() throws Exception {
        boolean supported = fx(StructureViewer::is3DSupported);
        System.out.println("ConditionalFeature.SCENE3D under the test toolkit: " + supported);
        StructureViewer automatic = fx(() -> {
            StructureViewer v = new StructureViewer();
            host.getChildren().setAll(v);
            v.setStructure(ViewerTestStructures.siliconDiamond());
            return v;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(supported, automatic.isShowing3D());
        if (!supported) {
            assertMessageShown(automatic);
        }
        StructureViewer forced = shown(false);
        assertMessageShown(forced);
    }

    private static void assertMessageShown(StructureViewer viewer) {
        Label message = (Label) viewer.lookup("#viewer-no-3d");
        assertNotNull(message);
        assertTrue(message.isVisible());
        assertTrue(message.getText().startsWith(
                "3D graphics are not available on this display (ConditionalFeature.SCENE3D is false): "));
        assertTrue(message.getText().contains("libgl1-mesa-dri"));
        assertEquals(1, viewer.getChildren().size(), "only the message, no empty 3D area");
        assertTrue(message.getWidth() > 100, "laid out");
    }

    @Test
    void buildsAndUpdates1600AtomsFastEnoughForAFluidPlayer() throws Exception {
        // 5 × 5 × 8 conventional diamond cells: 1,600 Si atoms, 3,200 bonds
        Structure big = Supercells.repeat(ViewerTestStructures.siliconDiamond(), 5, 5, 8);
        assertEquals(1600, big.size());
        StructureViewer viewer = shown(true);
        double buildMs = timedSetStructure(viewer, big);
        assertEquals(3200, fx(() -> viewer.geometry().bonds().size()));
        List<Object> sceneBefore = fx(() -> nodesAndMeshes(viewer.world()));
        double updateMs = fx(() -> meanUpdateMillis(viewer, big, 0.05));
        System.out.printf(Locale.ROOT, "viewer, 1600 Si atoms: setStructure %.1f ms, updatePositions %.2f ms/frame%n",
                buildMs, updateMs);
        assertTrue(buildMs < 3000, "building took " + buildMs + " ms");
        assertTrue(updateMs < 16.7, "an update took " + updateMs + " ms on average, more than a 60 Hz frame");
        // the same nodes, meshes and point arrays after the updates: moved in place, nothing rebuilt
        List<Object> sceneAfter = fx(() -> nodesAndMeshes(viewer.world()));
        assertEquals(sceneBefore.size(), sceneAfter.size());
        for (int k = 0; k < sceneBefore.size(); k++) {
            assertSame(sceneBefore.get(k), sceneAfter.get(k));
        }
    }

    private static double timedSetStructure(StructureViewer viewer, Structure s) throws Exception {
        return fx(() -> {
            long t0 = System.nanoTime();
            viewer.setStructure(s);
            return (System.nanoTime() - t0) / 1e6;
        });
    }

    /** Every node below {@code parent} and, for mesh views, their mesh and its point array. */
    private static List<Object> nodesAndMeshes(javafx.scene.Parent parent) {
        List<Object> out = new ArrayList<>();
        for (Node n : parent.getChildrenUnmodifiable()) {
            out.add(n);
            if (n instanceof MeshView view && view.getMesh() instanceof TriangleMesh mesh) {
                out.add(mesh);
                out.add(mesh.getPoints());
            }
            if (n instanceof javafx.scene.Parent p) {
                out.addAll(nodesAndMeshes(p));
            }
        }
        return out;
    }

    @Test
    void a1600AtomLgpsSupercellUpdatesWellUnderAFrameToo() throws Exception {
        Structure big = Supercells.repeat(ViewerTestStructures.lgps(), 4, 4, 2);
        assertEquals(1600, big.size());
        StructureViewer viewer = shown(true);
        double buildMs = timedSetStructure(viewer, big);
        // 32 copies of the 88 bonds of the cell
        assertEquals(32 * 88, fx(() -> viewer.geometry().bonds().size()));
        // thermal-size displacements (σ = 0.1 Å): Li–S contacts near the threshold break and form, so the bond mesh
        // is refilled, but no atom leaves the neighbour list's 1 Å margin
        int rebuildsBefore = fx(() -> viewer.geometry().bonds().rebuildCount());
        double updateMs = fx(() -> meanUpdateMillis(viewer, big, 0.1));
        assertEquals(rebuildsBefore, (int) fx(() -> viewer.geometry().bonds().rebuildCount()));
        // worst case, 1 Å jumps (seeking in a trajectory): the neighbour list is rebuilt every frame
        double jumpMs = fx(() -> meanUpdateMillis(viewer, big, 1.0));
        System.out.printf(Locale.ROOT, "viewer, 1600-atom LGPS 4x4x2: setStructure %.1f ms, updatePositions %.2f"
                + " ms/frame, %.2f ms/frame when every frame rebuilds the neighbour list%n", buildMs, updateMs, jumpMs);
        assertTrue(buildMs < 3000, "building took " + buildMs + " ms");
        assertTrue(updateMs < 16.7, "an update took " + updateMs + " ms on average, more than a 60 Hz frame");
    }

    /** Mean time of updatePositions over 60 frames of random steps of the given size, after 15 warm-up frames. */
    private static double meanUpdateMillis(StructureViewer viewer, Structure s, double step) {
        double[] base = s.positions().clone();
        double[] frame = new double[base.length];
        Random random = new Random(7);
        long total = 0;
        int frames = 60;
        for (int f = -15; f < frames; f++) {
            for (int i = 0; i < base.length; i++) {
                frame[i] = base[i] + step * random.nextGaussian();
            }
            long t0 = System.nanoTime();
            viewer.updatePositions(frame);
            if (f >= 0) {
                total += System.nanoTime() - t0;
            }
        }
        return total / 1e6 / frames;
    }

    /** A Li and an S atom far apart in a 10 Å cube, in a viewer with the 3D path on. */
    private StructureViewer showTwoAtoms() throws Exception {
        Element li = PeriodicTable.require("Li");
        Element s = PeriodicTable.require("S");
        Structure two = new Structure(Lattice.orthorhombic(10, 10, 10), new Element[] {li, s},
                new double[] {2, 3, 4, 7, 6, 5});
        StructureViewer viewer = shown(true);
        fx(() -> {
            viewer.setStructure(two);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        return viewer;
    }

    private static SubScene threeDView(StructureViewer viewer) {
        return (SubScene) viewer.lookupAll("*").stream().filter(n -> n instanceof SubScene).findFirst().orElseThrow();
    }

    @Test
    void clickingPicksTheAtomUnderTheMouseWhereverTheViewIsTurned() throws Exception {
        StructureViewer viewer = showTwoAtoms();
        SubScene view = threeDView(viewer);
        assertEquals(800, view.getWidth(), 1e-9, "the 3D view fills the pane");
        Point2D initial = fx(() -> atomOnScreen(viewer, 0));
        boolean drawn = StructureViewer.is3DSupported();
        for (int turn = 0; turn < 3; turn++) {
            for (int atom = 0; atom < 2; atom++) {
                int a = atom;
                Point2D[] at = fx(() -> {
                    double[] p = viewer.geometry().displayPositions();
                    return new Point2D[] {viewer.project(p[3 * a], p[3 * a + 1], p[3 * a + 2]),
                        viewer.projectByJavaFx(p[3 * a], p[3 * a + 1], p[3 * a + 2])};
                });
                if (drawn) {
                    // only a rendered SubScene has a camera that JavaFX can project with
                    assertEquals(at[1].getX(), at[0].getX(), 0.5, "JavaFX draws atom " + atom + " there");
                    assertEquals(at[1].getY(), at[0].getY(), 0.5, "JavaFX draws atom " + atom + " there");
                }
                assertTrue(at[0].getX() > 0 && at[0].getX() < 800 && at[0].getY() > 0 && at[0].getY() < 600,
                        "atom " + atom + " in view after turn " + turn + ": " + at[0]);
                assertEquals(atom, (int) fx(() -> viewer.pickAt(at[0].getX() + 2, at[0].getY() - 2)),
                        "atom " + atom + " after turn " + turn);
            }
            assertEquals(-1, fx(() -> viewer.pickAt(3, 3)), "the corner of the view is empty");
            int t = turn;
            fx(() -> {
                viewer.rotate(140, 35);
                viewer.pan(-30, 20);
                viewer.zoom(t == 0 ? 80 : -80);
                return null;
            });
            WaitForAsyncUtils.waitForFxEvents();
        }
        Point2D reset = fx(() -> {
            viewer.resetView();
            return atomOnScreen(viewer, 0);
        });
        assertEquals(initial.getX(), reset.getX(), 1e-6, "resetView restores the first view");
        assertEquals(initial.getY(), reset.getY(), 1e-6, "resetView restores the first view");
    }

    @Test
    void theMouseSelectsTurnsZoomsAndPans(FxRobot robot) throws Exception {
        StructureViewer viewer = showTwoAtoms();
        SubScene view = threeDView(viewer);
        robot.clickOn(fx(() -> view.localToScreen(atomOnScreen(viewer, 1))), MouseButton.PRIMARY);
        assertEquals(1, viewer.selectedAtomProperty().get().index(), "a click on the S atom selects it");
        assertEquals("S", viewer.selectedAtomProperty().get().symbol());
        robot.clickOn(fx(() -> view.localToScreen(5, 5)), MouseButton.PRIMARY);
        assertNull(viewer.selectedAtomProperty().get(), "a click on empty space clears the selection");

        Point2D before = fx(() -> atomOnScreen(viewer, 0));
        robot.drag(fx(() -> view.localToScreen(400, 300)), MouseButton.PRIMARY).moveBy(60, 0).drop();
        Point2D turned = fx(() -> atomOnScreen(viewer, 0));
        assertTrue(turned.distance(before) > 5, "dragging turns the view: " + before + " → " + turned);
        assertNull(viewer.selectedAtomProperty().get(), "a drag is not a click");

        double spread = fx(() -> atomOnScreen(viewer, 0).distance(atomOnScreen(viewer, 1)));
        robot.moveTo(fx(() -> view.localToScreen(400, 300))).scroll(3, VerticalDirection.UP);
        double zoomed = fx(() -> atomOnScreen(viewer, 0).distance(atomOnScreen(viewer, 1)));
        assertNotEquals(spread, zoomed, 1e-6, "scrolling zooms");

        Point2D beforePan = fx(() -> atomOnScreen(viewer, 0));
        robot.drag(fx(() -> view.localToScreen(400, 300)), MouseButton.SECONDARY).moveBy(50, 30).drop();
        Point2D panned = fx(() -> atomOnScreen(viewer, 0));
        // panning moves the picture with the mouse; it does not turn it, so both atoms move alike
        assertEquals(50, panned.getX() - beforePan.getX(), 8);
        assertEquals(30, panned.getY() - beforePan.getY(), 8);
    }

    private static Point2D atomOnScreen(StructureViewer viewer, int atom) {
        double[] p = viewer.geometry().displayPositions();
        return viewer.project(p[3 * atom], p[3 * atom + 1], p[3 * atom + 2]);
    }

    @Test
    void selectionFollowsTheAtomAndShowsItsDetails() throws Exception {
        Structure si = ViewerTestStructures.siliconDiamond();
        StructureViewer viewer = shown(true);
        Label label = (Label) viewer.lookup("#viewer-atom-info");
        fx(() -> {
            viewer.setStructure(si);
            viewer.select(4);
            return null;
        });
        AtomInfo info = viewer.selectedAtomProperty().get();
        assertEquals(4, info.index());
        assertEquals("Si", info.symbol());
        assertEquals(0.25, info.fc(), 1e-12);
        assertTrue(label.isVisible());
        assertEquals(info.describe(), label.getText());
        double[] moved = si.positions().clone();
        moved[3 * 4 + 2] += 0.5;
        fx(() -> {
            viewer.updatePositions(moved);
            return null;
        });
        assertEquals(ViewerTestStructures.SI_A / 4 + 0.5, viewer.selectedAtomProperty().get().z(), 1e-12);
        assertTrue(label.getText().contains("1.8578"), label.getText());
        fx(() -> {
            viewer.select(-1);
            return null;
        });
        assertNull(viewer.selectedAtomProperty().get());
        assertFalse(label.isVisible());
    }

    @Test
    void propertiesSwitchPartsOnAndOffAndRefindBonds() throws Exception {
        StructureViewer viewer = shown(true);
        fx(() -> {
            viewer.setStructure(ViewerTestStructures.rockSalt());
            return null;
        });
        assertEquals(24, viewer.geometry().bonds().size());
        Node legend = viewer.lookup("#viewer-legend");
        Node axes = viewer.lookup("#viewer-axes");
        assertTrue(legend.isVisible() && axes.isVisible());
        assertEquals(2, ((javafx.scene.layout.VBox) legend).getChildren().size(), "Na and Cl");
        assertEquals(6, ((javafx.scene.layout.Pane) axes).getChildren().size(), "3 lines and a, b, c");
        fx(() -> {
            viewer.bondFactorProperty().set(0.9);
            viewer.showAxesProperty().set(false);
            viewer.showLegendProperty().set(false);
            viewer.showCellProperty().set(false);
            viewer.showBondsProperty().set(false);
            return null;
        });
        assertEquals(0, viewer.geometry().bonds().size());
        assertFalse(legend.isVisible() || axes.isVisible());
        fx(() -> {
            viewer.bondFactorProperty().set(1.15);
            viewer.showBondsProperty().set(true);
            viewer.atomScaleProperty().set(0.25);
            return null;
        });
        assertEquals(24, viewer.geometry().bonds().size());
        assertEquals(0.25 * PeriodicTable.require("Na").covalentRadius(), viewer.geometry().radius(0), 1e-12);
        javafx.scene.image.WritableImage picture = fx(viewer::snapshot);
        assertEquals(800, picture.getWidth(), 1e-9);
        assertEquals(600, picture.getHeight(), 1e-9);
        fx(() -> {
            viewer.setStructure(new Structure(Lattice.orthorhombic(3, 4, 5), new Element[0], new double[0]));
            return null;
        });
        assertEquals(0, viewer.geometry().bonds().size(), "an empty cell shows just the box");
        assertEquals(12, viewer.geometry().cellMesh().segmentCount());
        fx(() -> {
            viewer.setStructure(null);
            return null;
        });
        assertNull(viewer.geometry());
        assertEquals(0, ((javafx.scene.layout.VBox) legend).getChildren().size());
    }
}
