// The app-wide helpers this feature uses, one level up from its folders.
export * from '../shared/scope';
export * from '../shared/sql';
export * from '../shared/tokens';
