package org.telenovela.scene;

/** Why a scene ended. Only {@link #ARC_COMPLETE} means every beat was played and every thread closed. */
public enum Termination {
    ARC_COMPLETE,
    /** Every beat played (or the last one skipped in a step-through), but threads remain open. */
    ARC_UNRESOLVED,
    LINE_BUDGET,
    TIMEOUT,
    CAST_UNAVAILABLE
}
