// Preloaded through NODE_OPTIONS --require: what an APM agent's init does, in one line.
process.env.TELEMETRY = 'preloaded';
