// Types of scripts/check-node.mjs, which stays plain JavaScript so that an old Node can run it.
export declare const HOW_TO_GET_NODE: string;
export declare function minimumOf(range: string): [number, number, number];
export declare function nodeVersionProblem(version: string, range: string, script: string | undefined): string | null;
