package io.basalt.api.dataset;

/** Which input of a cross product is broadcast and buffered. */
public enum CrossHint { OPTIMIZER_CHOOSES, WITH_TINY, WITH_HUGE }
