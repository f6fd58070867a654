/**
 * The two kinds of technical failure, kept apart so a job worker can map them to the right
 * engine outcome. Business outcomes ("resident moved away") are results, never errors.
 */

/** A fault that may pass by itself (network, timeout, 5xx): retry with back-off. */
export class TransientError extends Error {
  override name = 'TransientError';
}

/** Input or register data that cannot be processed as it is: retrying will not help; a person must look. */
export class InvalidDataError extends Error {
  override name = 'InvalidDataError';
}
