// Asking models forced-choice questions: prompts, parsing, the client seam, the synthetic model.
export * from './prompts.js';
export * from './parse-answer.js';
export * from './model-client.js';
export * from './ask-pairs.js';
export * from './synthetic-model.js';
export * from './synthetic-client.js';
export * from './recovery.js';
