/**
 * What a value looks like after a JSON round trip, as a user who logs, stores or sends it sees
 * it: getters read, private fields and undefined properties gone. Snapshots are compared this way.
 */
export const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
