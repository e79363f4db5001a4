package kiseki.app.viewer;

import javafx.application.ConditionalFeature;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.geometry.Insets;
import javafx.geometry.Point2D;
import javafx.geometry.Point3D;
import javafx.geometry.Pos;
import javafx.scene.AmbientLight;
import javafx.scene.Group;
import javafx.scene.PerspectiveCamera;
import javafx.scene.PointLight;
import javafx.scene.SceneAntialiasing;
import javafx.scene.SnapshotParameters;
import javafx.scene.SubScene;
import javafx.scene.control.Label;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.paint.PhongMaterial;
import javafx.scene.shape.Circle;
import javafx.scene.shape.CullFace;
import javafx.scene.shape.DrawMode;
import javafx.scene.shape.Line;
import javafx.scene.shape.MeshView;
import javafx.scene.shape.Sphere;
import javafx.scene.shape.TriangleMesh;
import javafx.scene.shape.VertexFormat;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.transform.NonInvertibleTransformException;
import javafx.scene.transform.Rotate;
import javafx.scene.transform.Transform;
import javafx.scene.transform.Translate;
import kiseki.structure.Element;
import kiseki.structure.Structure;
import org.fxyz3d.utils.CameraTransformer;

import java.util.List;
import java.util.Locale;

/**
 * Interactive 3D view of a structure: ball-and-stick atoms in Jmol colours, bonds across periodic boundaries drawn
 * as half-bonds, the unit cell, an a/b/c (or x/y/z) axis triad, an element legend, and atom picking.
 *
 * <p>Mouse: drag to rotate, scroll to zoom, right/middle drag or shift-drag to pan, click an atom for its details
 * ({@link #selectedAtomProperty()} and an overlay line), click empty space to clear.
 *
 * <p>Drawing cost does not grow with the number of scene nodes: one merged sphere mesh per element, one mesh for all
 * half-bonds (coloured through a palette texture) and one for the cell edges. {@link #updatePositions(double[])}
 * (a trajectory player calls it per frame) rewrites those meshes' point arrays in place and re-selects the bonds;
 * no node is created or removed. The geometry itself lives in {@link ViewerGeometry}.
 *
 * <p>Where the graphics stack has no 3D ({@link ConditionalFeature#SCENE3D} is false, e.g. JavaFX's software
 * renderer) the pane shows {@link #NO_3D_MESSAGE} instead of a blank area; the geometry is still kept up to date.
 * Use it on the JavaFX application thread.
 */
public final class StructureViewer extends StackPane {

    /** Shown instead of the 3D view when the graphics stack cannot draw 3D. */
    public static final String NO_3D_MESSAGE = "3D graphics are not available on this display "
            + "(ConditionalFeature.SCENE3D is false): JavaFX fell back to its software renderer, which cannot draw "
            + "3D. To see the structure, install the OpenGL drivers (Debian/Ubuntu: sudo apt-get install libgl1 "
            + "libgl1-mesa-dri) and make sure -Dprism.order=sw is not set. Where only Mesa's software OpenGL exists "
            + "(virtual machines, remote desktops, xvfb-run), start Kiseki with "
            + "KISEKI_JAVA_OPTS=\"-Dprism.order=es2 -Dprism.forceGPU=true\" ./kiseki (slower, but it draws). "
            + "The structure table and the command line work without 3D.";

    private static final double FIELD_OF_VIEW = 30;
    private static final double ROTATE_DEGREES_PER_PIXEL = 0.35;
    private static final double DEFAULT_YAW = -25;
    private static final double DEFAULT_PITCH = -18;
    private static final int PALETTE_SWATCH = 4;

    private final boolean scene3d;
    private final BooleanProperty showBonds = new SimpleBooleanProperty(this, "showBonds", true);
    private final BooleanProperty showCell = new SimpleBooleanProperty(this, "showCell", true);
    private final BooleanProperty showAxes = new SimpleBooleanProperty(this, "showAxes", true);
    private final BooleanProperty showLegend = new SimpleBooleanProperty(this, "showLegend", true);
    private final DoubleProperty bondFactor = new SimpleDoubleProperty(this, "bondFactor",
            ViewerGeometry.DEFAULT_BOND_FACTOR);
    private final DoubleProperty atomScale = new SimpleDoubleProperty(this, "atomScale",
            ViewerGeometry.DEFAULT_ATOM_SCALE);
    private final ReadOnlyObjectWrapper<AtomInfo> selectedAtom = new ReadOnlyObjectWrapper<>(this, "selectedAtom");

    // 3D content: root ⊃ {rig ⊃ {camera, light}, ambient, world ⊃ {atoms, bonds, cell, highlight}}
    private final Group world = new Group();
    private final Group atoms = new Group();
    private final MeshView bondView = new MeshView();
    private final MeshView cellView = new MeshView();
    private final Sphere highlight = new Sphere(1, 12);
    private final PerspectiveCamera camera = new PerspectiveCamera(true);
    private final CameraTransformer rig = new CameraTransformer();
    private final Translate centring = new Translate();
    private final SubScene subScene;

    // overlays
    private final VBox legend = new VBox(3);
    private final Pane axes = new Pane();
    private final Label atomLabel = new Label();
    private final Label hint = new Label();
    private java.util.function.Function<AtomInfo, String> describeAtom = AtomInfo::describe;

    /** The mouse help shown in the corner (English; the workbench passes a translation to {@link #setTexts}). */
    public static final String DEFAULT_HINT = "drag: rotate · scroll: zoom · right-drag or shift-drag: pan · "
            + "click: atom details";
    private final Label message = new Label(NO_3D_MESSAGE);

    private ViewerGeometry geometry;
    private TriangleMesh[] atomMeshes = new TriangleMesh[0];
    private TriangleMesh bondMesh;
    private int selected = -1;
    private double pressX;
    private double pressY;

    /** A viewer that draws in 3D when the platform supports it and shows {@link #NO_3D_MESSAGE} otherwise. */
    public StructureViewer() {
        this(is3DSupported());
    }

    /** For tests: force the 3D or the message path. */
    StructureViewer(boolean scene3d) {
        this.scene3d = scene3d;
        setId("structure-viewer");
        setMinSize(0, 0);
        setPrefSize(600, 450);

        camera.setFieldOfView(FIELD_OF_VIEW);
        camera.setNearClip(0.05);
        camera.setFarClip(10_000);
        // a head light: sits at the camera, so the side facing the viewer is always lit
        PointLight headlight = new PointLight(Color.gray(0.72));
        headlight.translateZProperty().bind(camera.translateZProperty());
        rig.getChildren().addAll(camera, headlight);
        rig.rx.angleProperty().addListener((o, a, b) -> updateAxes());
        rig.ry.angleProperty().addListener((o, a, b) -> updateAxes());
        // structure z up on screen, y into it: JavaFX's frame (x right, y down, z away) is right-handed too
        world.getTransforms().setAll(new Rotate(90, Rotate.X_AXIS), centring);
        bondView.setCullFace(CullFace.BACK);
        cellView.setCullFace(CullFace.BACK);
        PhongMaterial cellMaterial = new PhongMaterial(Color.gray(0.2));
        cellMaterial.setSpecularColor(null);
        cellView.setMaterial(cellMaterial);
        // a wire cage: a translucent shell would tint the atom inside and be mistaken for another element
        PhongMaterial cage = new PhongMaterial(Color.rgb(0, 120, 255));
        cage.setSpecularColor(null);
        highlight.setMaterial(cage);
        highlight.setDrawMode(DrawMode.LINE);
        highlight.setCullFace(CullFace.NONE);
        highlight.setVisible(false);
        world.getChildren().addAll(atoms, bondView, cellView, highlight);
        Group root = new Group(rig, new AmbientLight(Color.gray(0.38)), world);
        for (javafx.scene.Node n : List.<javafx.scene.Node>of(atoms, bondView, cellView, highlight)) {
            n.setMouseTransparent(true); // picking is done analytically on click, not on every mouse move
        }

        subScene = new SubScene(root, 10, 10, true, SceneAntialiasing.BALANCED);
        subScene.setFill(Color.WHITE);
        subScene.setCamera(camera);
        subScene.setManaged(false);
        Pane host = new Pane(subScene);
        host.setMinSize(0, 0);
        subScene.widthProperty().bind(host.widthProperty());
        subScene.heightProperty().bind(host.heightProperty());
        subScene.widthProperty().addListener((o, a, b) -> updateAxes());
        installMouse();

        legend.setId("viewer-legend");
        styleOverlay(legend);
        legend.visibleProperty().bind(showLegend);
        axes.setId("viewer-axes");
        axes.setPrefSize(96, 96);
        axes.setMaxSize(96, 96);
        axes.setMouseTransparent(true);
        axes.visibleProperty().bind(showAxes);
        atomLabel.setId("viewer-atom-info");
        styleOverlay(atomLabel);
        atomLabel.setVisible(false);
        hint.setText(DEFAULT_HINT);
        hint.setId("viewer-hint");
        hint.setTextFill(Color.gray(0.45));
        hint.setMouseTransparent(true);
        message.setId("viewer-no-3d");
        message.setWrapText(true);
        message.setMaxWidth(560);
        message.setPadding(new Insets(16));
        message.setStyle("-fx-font-size: 13px; -fx-background-color: #fff4e0; -fx-border-color: #e0a040;"
                + " -fx-background-radius: 6; -fx-border-radius: 6;");

        if (scene3d) {
            getChildren().addAll(host, legend, axes, atomLabel, hint);
        } else {
            getChildren().add(message);
        }
        setAlignment(legend, Pos.TOP_LEFT);
        setAlignment(axes, Pos.BOTTOM_LEFT);
        setAlignment(atomLabel, Pos.BOTTOM_RIGHT);
        setAlignment(hint, Pos.TOP_RIGHT);
        setMargin(legend, new Insets(8));
        setMargin(axes, new Insets(4));
        setMargin(atomLabel, new Insets(8));
        setMargin(hint, new Insets(6, 10, 6, 10));

        showBonds.addListener((o, was, on) -> {
            bondView.setVisible(on);
            if (geometry != null) {
                geometry.setBondsEnabled(on);
                uploadBonds(true);
            }
        });
        cellView.visibleProperty().bind(showCell);
        bondFactor.addListener((o, was, f) -> {
            if (geometry != null) {
                geometry.setBondFactor(f.doubleValue());
                uploadBonds(true);
            }
        });
        atomScale.addListener((o, was, s) -> {
            if (geometry != null) {
                int keep = selected;
                build(geometry.structure());
                select(keep);
            }
        });
        resetView();
    }

    /** Whether this JavaFX runtime can draw 3D scenes here. */
    public static boolean is3DSupported() {
        return Platform.isSupported(ConditionalFeature.SCENE3D);
    }

    /**
     * Replaces the viewer's own texts (for a translated user interface): the message shown without 3D, the mouse
     * help, and the line describing a picked atom.
     */
    public void setTexts(String no3dMessage, String mouseHint, java.util.function.Function<AtomInfo, String> atomLine) {
        message.setText(no3dMessage);
        hint.setText(mouseHint);
        describeAtom = atomLine;
        if (selectedAtom.get() != null) {
            atomLabel.setText(atomLine.apply(selectedAtom.get()));
        }
    }

    /** Whether this viewer draws in 3D (false: it shows {@link #NO_3D_MESSAGE}). */
    public boolean isShowing3D() {
        return scene3d;
    }

    private static void styleOverlay(javafx.scene.layout.Region r) {
        r.setMouseTransparent(true);
        r.setMaxSize(javafx.scene.layout.Region.USE_PREF_SIZE, javafx.scene.layout.Region.USE_PREF_SIZE);
        r.setStyle("-fx-background-color: rgba(255,255,255,0.82); -fx-background-radius: 4; -fx-padding: 5 8 5 8;");
    }

    /**
     * Shows a structure (copied; later changes to it are not seen, call {@link #updatePositions} instead), or
     * nothing for null. Clears the selection and resets the view.
     */
    public void setStructure(Structure structure) {
        select(-1);
        if (structure == null) {
            geometry = null;
            atoms.getChildren().clear();
            atomMeshes = new TriangleMesh[0];
            bondView.setMesh(null);
            cellView.setMesh(null);
            legend.getChildren().clear();
            updateAxes();
            return;
        }
        build(structure);
        resetView();
    }

    private void build(Structure structure) {
        geometry = new ViewerGeometry(structure, atomScale.get(), bondFactor.get());
        geometry.setBondsEnabled(showBonds.get());
        List<Element> elements = geometry.elements();
        atomMeshes = new TriangleMesh[elements.size()];
        MeshView[] views = new MeshView[elements.size()];
        for (int e = 0; e < elements.size(); e++) {
            AtomMeshData data = geometry.atomMesh(e);
            TriangleMesh mesh = new TriangleMesh(VertexFormat.POINT_NORMAL_TEXCOORD);
            mesh.getPoints().setAll(data.points());
            mesh.getNormals().setAll(data.normals());
            mesh.getTexCoords().setAll(0, 0);
            mesh.getFaces().setAll(data.faces());
            atomMeshes[e] = mesh;
            MeshView view = new MeshView(mesh);
            view.setId("atoms-" + elements.get(e).symbol());
            view.setCullFace(CullFace.BACK);
            PhongMaterial material = new PhongMaterial(color(elements.get(e)));
            material.setSpecularColor(Color.gray(0.45));
            material.setSpecularPower(24);
            view.setMaterial(material);
            views[e] = view;
        }
        atoms.getChildren().setAll(views);

        bondMesh = new TriangleMesh(VertexFormat.POINT_NORMAL_TEXCOORD);
        float[] tex = new float[2 * elements.size()];
        for (int e = 0; e < elements.size(); e++) {
            tex[2 * e] = (e + 0.5f) / elements.size();
            tex[2 * e + 1] = 0.5f;
        }
        bondMesh.getTexCoords().setAll(tex);
        PhongMaterial bondMaterial = new PhongMaterial(Color.WHITE);
        bondMaterial.setDiffuseMap(palette(elements));
        bondMaterial.setSpecularColor(Color.gray(0.3));
        bondView.setMaterial(bondMaterial);
        bondView.setMesh(bondMesh);
        bondView.setVisible(showBonds.get());
        uploadBonds(true);

        TubeMeshData cell = geometry.cellMesh();
        if (cell == null) {
            cellView.setMesh(null);
        } else {
            TriangleMesh mesh = new TriangleMesh(VertexFormat.POINT_NORMAL_TEXCOORD);
            mesh.getPoints().setAll(cell.points(), 0, 3 * cell.pointCount());
            mesh.getNormals().setAll(cell.normals(), 0, 3 * cell.normalCount());
            mesh.getTexCoords().setAll(0, 0);
            mesh.getFaces().setAll(cell.faces(), 0, 9 * cell.triangleCount());
            cellView.setMesh(mesh);
        }
        double[] c = geometry.centre();
        centring.setX(-c[0]);
        centring.setY(-c[1]);
        centring.setZ(-c[2]);
        buildLegend();
        updateAxes();
    }

    private static Color color(Element e) {
        return Color.web(e.jmolColor());
    }

    /** One swatch per element, sampled at its centre by the bond mesh's texcoords. */
    private static WritableImage palette(List<Element> elements) {
        WritableImage image = new WritableImage(PALETTE_SWATCH * Math.max(1, elements.size()), PALETTE_SWATCH);
        for (int e = 0; e < elements.size(); e++) {
            Color c = color(elements.get(e));
            for (int x = 0; x < PALETTE_SWATCH; x++) {
                for (int y = 0; y < PALETTE_SWATCH; y++) {
                    image.getPixelWriter().setColor(PALETTE_SWATCH * e + x, y, c);
                }
            }
        }
        return image;
    }

    private void uploadBonds(boolean all) {
        if (geometry == null || bondMesh == null || !showBonds.get()) {
            return;
        }
        TubeMeshData data = geometry.bondMesh();
        bondMesh.getPoints().setAll(data.points(), 0, 3 * data.pointCount());
        bondMesh.getNormals().setAll(data.normals(), 0, 3 * data.normalCount());
        if (all || data.facesChanged()) {
            bondMesh.getFaces().setAll(data.faces(), 0, 9 * data.triangleCount());
            data.acknowledgeFaces();
        }
    }

    /**
     * Moves the atoms to new Cartesian positions (Å, 3 per atom, same atoms and cell as the structure shown), for
     * example one trajectory frame. The sphere meshes' point arrays are rewritten in place; bonds are re-selected
     * for the new positions (they form and break as atoms move) and the bond mesh's arrays are refilled; no scene
     * node is added or removed. The selected atom's details follow.
     */
    public void updatePositions(double[] cartesian3N) {
        if (geometry == null) {
            throw new IllegalStateException("no structure is shown: call setStructure first");
        }
        geometry.updatePositions(cartesian3N);
        for (int e = 0; e < atomMeshes.length; e++) {
            float[] points = geometry.atomMesh(e).points();
            atomMeshes[e].getPoints().set(0, points, 0, points.length);
        }
        uploadBonds(false);
        if (selected >= 0) {
            showSelection();
        }
    }

    /** Selects atom {@code index} (as a click on it does), or clears the selection for −1. */
    public void select(int index) {
        if (geometry == null || index < 0 || index >= geometry.structure().size()) {
            selected = -1;
            selectedAtom.set(null);
            highlight.setVisible(false);
            atomLabel.setVisible(false);
            return;
        }
        selected = index;
        showSelection();
    }

    private void showSelection() {
        AtomInfo info = geometry.atomInfo(selected);
        selectedAtom.set(info);
        double[] p = geometry.displayPositions();
        highlight.setTranslateX(p[3 * selected]);
        highlight.setTranslateY(p[3 * selected + 1]);
        highlight.setTranslateZ(p[3 * selected + 2]);
        highlight.setRadius(1.3 * geometry.radius(selected) + 0.08);
        highlight.setVisible(true);
        atomLabel.setText(describeAtom.apply(info));
        atomLabel.setVisible(true);
    }

    /** Back to the initial orientation, zoom and centre. */
    public void resetView() {
        rig.t.setX(0);
        rig.t.setY(0);
        rig.t.setZ(0);
        rig.rx.setAngle(DEFAULT_PITCH);
        rig.ry.setAngle(DEFAULT_YAW);
        double extent = geometry == null ? 10 : geometry.extent();
        // the bounding sphere fits the narrower field of view with a little margin
        camera.setTranslateZ(-1.1 * extent / Math.sin(Math.toRadians(FIELD_OF_VIEW / 2)));
        updateAxes();
    }

    /** The viewer as shown (3D view and overlays), e.g. for a screenshot. */
    public WritableImage snapshot() {
        return snapshot(new SnapshotParameters(), null);
    }

    private void installMouse() {
        subScene.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            pressX = e.getX();
            pressY = e.getY();
        });
        subScene.addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
            double dx = e.getX() - pressX;
            double dy = e.getY() - pressY;
            pressX = e.getX();
            pressY = e.getY();
            if (e.getButton() == MouseButton.SECONDARY || e.getButton() == MouseButton.MIDDLE || e.isShiftDown()) {
                pan(dx, dy);
            } else {
                rotate(dx, dy);
            }
        });
        subScene.addEventHandler(ScrollEvent.SCROLL, e -> zoom(e.getDeltaY()));
        subScene.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.isStillSincePress()) {
                select(pickAt(e.getX(), e.getY()));
            }
        });
    }

    /** Turns the view as a drag of (dx, dy) pixels does: the structure follows the mouse. */
    void rotate(double dx, double dy) {
        rig.ry.setAngle(rig.ry.getAngle() + ROTATE_DEGREES_PER_PIXEL * dx);
        rig.rx.setAngle(Math.max(-90, Math.min(90, rig.rx.getAngle() - ROTATE_DEGREES_PER_PIXEL * dy)));
    }

    /** Moves the view as a pan drag of (dx, dy) pixels does. */
    void pan(double dx, double dy) {
        double height = Math.max(1, subScene.getHeight());
        double angstromPerPixel = 2 * -camera.getTranslateZ() * Math.tan(Math.toRadians(FIELD_OF_VIEW / 2)) / height;
        Point3D move = camera.getLocalToSceneTransform().deltaTransform(-dx * angstromPerPixel,
                -dy * angstromPerPixel, 0);
        rig.t.setX(rig.t.getX() + move.getX());
        rig.t.setY(rig.t.getY() + move.getY());
        rig.t.setZ(rig.t.getZ() + move.getZ());
    }

    /** Zooms as a scroll of {@code deltaY} (positive: towards the structure). */
    void zoom(double deltaY) {
        double extent = geometry == null ? 10 : geometry.extent();
        double distance = -camera.getTranslateZ() * Math.pow(1.1, -deltaY / 40);
        camera.setTranslateZ(-Math.max(0.3 * extent, Math.min(60 * extent, distance)));
    }

    /** The atom under the point (x, y) of the 3D view (pixels), or −1. */
    int pickAt(double x, double y) {
        if (geometry == null) {
            return -1;
        }
        double w = subScene.getWidth();
        double h = subScene.getHeight();
        double tan = Math.tan(Math.toRadians(FIELD_OF_VIEW / 2));
        // camera space: eye at 0 looking along +z, y down; the vertical field of view spans the height
        Point3D eye = world.sceneToLocal(camera.localToScene(Point3D.ZERO));
        Point3D through = world.sceneToLocal(camera.localToScene(
                new Point3D((x - w / 2) / (h / 2) * tan, (y - h / 2) / (h / 2) * tan, 1)));
        return geometry.pick(eye.getX(), eye.getY(), eye.getZ(), through.getX() - eye.getX(),
                through.getY() - eye.getY(), through.getZ() - eye.getZ());
    }

    /**
     * Where the point (x, y, z) of the structure (Å) appears in the 3D view (pixels): the inverse of
     * {@link #pickAt}'s ray, for tests (which compare it with JavaFX's own projection where 3D is drawn).
     */
    Point2D project(double x, double y, double z) {
        Point3D p = camera.sceneToLocal(world.localToScene(x, y, z));
        double h = subScene.getHeight();
        double scale = h / 2 / Math.tan(Math.toRadians(FIELD_OF_VIEW / 2)) / p.getZ();
        return new Point2D(subScene.getWidth() / 2 + p.getX() * scale, h / 2 + p.getY() * scale);
    }

    /** Where JavaFX draws the point (x, y, z) of the structure in the 3D view; valid once the view is rendered. */
    Point2D projectByJavaFx(double x, double y, double z) {
        Point3D inScene = world.localToScene(new Point3D(x, y, z), true);
        return subScene.sceneToLocal(inScene.getX(), inScene.getY());
    }

    private void buildLegend() {
        legend.getChildren().clear();
        List<Element> elements = geometry.elements();
        for (int e = 0; e < elements.size(); e++) {
            Circle dot = new Circle(7, color(elements.get(e)));
            dot.setStroke(Color.gray(0.35));
            Label text = new Label(String.format(Locale.ROOT, "%-3s %d", elements.get(e).symbol(), geometry.count(e)));
            text.setFont(Font.font(null, FontWeight.NORMAL, 13));
            HBox row = new HBox(6, dot, text);
            row.setAlignment(Pos.CENTER_LEFT);
            legend.getChildren().add(row);
        }
    }

    /** Redraws the axis triad for the current orientation: lattice vectors a, b, c, or x, y, z without a cell. */
    private void updateAxes() {
        axes.getChildren().clear();
        if (geometry == null) {
            return;
        }
        String[] names;
        double[][] vectors;
        Structure s = geometry.structure();
        if (s.hasLattice()) {
            names = new String[] {"a", "b", "c"};
            vectors = new double[][] {s.lattice().vector(0), s.lattice().vector(1), s.lattice().vector(2)};
        } else {
            names = new String[] {"x", "y", "z"};
            vectors = new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        }
        Color[] colours = {Color.rgb(200, 30, 30), Color.rgb(20, 150, 40), Color.rgb(30, 60, 210)};
        Transform toScene = world.getLocalToSceneTransform();
        Transform cameraToScene = camera.getLocalToSceneTransform();
        double centre = 48;
        double length = 34;
        for (int k = 0; k < 3; k++) {
            double[] v = vectors[k];
            double norm = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
            Point3D d;
            try {
                d = cameraToScene.inverseDeltaTransform(toScene.deltaTransform(v[0] / norm, v[1] / norm, v[2] / norm));
            } catch (NonInvertibleTransformException notARotation) {
                return;
            }
            Line line = new Line(centre, centre, centre + length * d.getX(), centre + length * d.getY());
            line.setStroke(colours[k]);
            line.setStrokeWidth(2.5);
            Label label = new Label(names[k]);
            label.setTextFill(colours[k]);
            label.setFont(Font.font(null, FontWeight.BOLD, 14));
            label.setLayoutX(centre + (length + 8) * d.getX() - 4);
            label.setLayoutY(centre + (length + 8) * d.getY() - 9);
            axes.getChildren().addAll(line, label);
        }
    }

    /** Package-private view of the geometry for tests. */
    ViewerGeometry geometry() {
        return geometry;
    }

    /** The group holding everything drawn in 3D, for tests. */
    Group world() {
        return world;
    }

    public BooleanProperty showBondsProperty() {
        return showBonds;
    }

    public BooleanProperty showCellProperty() {
        return showCell;
    }

    public BooleanProperty showAxesProperty() {
        return showAxes;
    }

    public BooleanProperty showLegendProperty() {
        return showLegend;
    }

    /** f in the bond criterion d &lt; f · (r_cov,i + r_cov,j); default 1.15. */
    public DoubleProperty bondFactorProperty() {
        return bondFactor;
    }

    /** Sphere radius as a multiple of the covalent radius; default 0.4 (ball and stick). */
    public DoubleProperty atomScaleProperty() {
        return atomScale;
    }

    /** The picked atom, or null. */
    public ReadOnlyObjectProperty<AtomInfo> selectedAtomProperty() {
        return selectedAtom.getReadOnlyProperty();
    }
}
