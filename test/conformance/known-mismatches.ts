// Recorded interactions the emulator is known to answer differently, each with the defect it shows.
//
// A listed interaction still runs, as a todo test: the mismatch stays visible in the summary
// without failing the run. Remove an entry once the emulator is fixed (the summary then shows it
// matched).

/** Interaction label -> what the emulator gets wrong (reported to the emulator's owner). */
export const KNOWN_MISMATCHES: Record<string, string> = {};
