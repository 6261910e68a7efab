/** Offline analysis of capture files: reads captures, runs the engine, reports flows. */
package dev.seawall.analyze;
