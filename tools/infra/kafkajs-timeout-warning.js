// kafkajs 2.2.4 schedules its request-queue throttle check with a negative delay
// (throttledUntil starts at -1), and Node >= 23 prints a TimeoutNegativeWarning for
// that on every connection. Node clamps the delay to 1 ms, so it is harmless:
// requiring this file drops exactly that warning and keeps all others.
'use strict';

const emitWarning = process.emitWarning;
process.emitWarning = function (warning, ...args) {
  const type = typeof args[0] === 'string' ? args[0] : args[0] && args[0].type;
  if (type === 'TimeoutNegativeWarning') return;
  return emitWarning.call(process, warning, ...args);
};
