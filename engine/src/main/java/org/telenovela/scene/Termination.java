package org.telenovela.scene;

/** Why a scene ended. Only {@link #ARC_COMPLETE} means every beat was played and every thread closed. */
public enum Termination {
    ARC_COMPLETE,
    LINE_BUDGET,
    TIMEOUT,
    CAST_UNAVAILABLE
}
