package kiseki.structure;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeriodicTableTest {

    @Test
    void knownElements() {
        assertEquals(103, PeriodicTable.size());
        Element li = PeriodicTable.require("Li");
        assertEquals(3, li.z());
        assertEquals(6.94, li.mass(), 1e-9);
        assertEquals(1.28, li.covalentRadius(), 1e-9);
        assertEquals(0xCC80FF, li.rgb());
        assertEquals("S", PeriodicTable.byZ(16).symbol());
        assertEquals(72.630, PeriodicTable.require("Ge").mass(), 1e-9);
        assertEquals(PeriodicTable.require("Ca"), PeriodicTable.bySymbol("CA").orElseThrow());
    }

    @Test
    void elementFromSiteLabels() {
        assertEquals("Ru", PeriodicTable.fromLabel("Ru(1)").orElseThrow().symbol());
        assertEquals("O", PeriodicTable.fromLabel("O2").orElseThrow().symbol());
        assertEquals("Fe", PeriodicTable.fromLabel("Fe3+").orElseThrow().symbol());
        assertEquals("Nb", PeriodicTable.fromLabel("Nb1").orElseThrow().symbol());
        assertEquals("Co", PeriodicTable.fromLabel("Co1").orElseThrow().symbol());
        assertEquals("C", PeriodicTable.fromLabel("C1").orElseThrow().symbol());
        assertEquals("O", PeriodicTable.fromLabel("OW").orElseThrow().symbol());
        assertEquals("Ca", PeriodicTable.fromLabel("CA").orElseThrow().symbol());
        assertTrue(PeriodicTable.fromLabel("1X").isEmpty());
        assertTrue(PeriodicTable.fromLabel("Qq").isEmpty());
    }
}
