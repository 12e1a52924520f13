/** Bumped whenever a change can alter what a report parses to; the loader keys extractions on it. */
export const PARSER_VERSION = "0.2.1";
