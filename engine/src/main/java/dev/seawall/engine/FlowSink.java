package dev.seawall.engine;

/** Receives each flow once, when it ends. The summary is reused: copy what you keep. */
@FunctionalInterface
public interface FlowSink {
  void flowEnded(FlowSummary flow);

  FlowSink NONE = flow -> {};
}
