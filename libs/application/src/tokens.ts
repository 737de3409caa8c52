// Injection tokens of the application's ports.
export const EVENT_STORE = Symbol('EventStore');
export const READ_MODELS = Symbol('ReadModels');
export const NATIONAL_POLICY = Symbol('NationalPolicy');
export const ACCOUNT_PROJECTION = Symbol('AccountProjection');
