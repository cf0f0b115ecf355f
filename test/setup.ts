// Preloaded by bun test (bunfig.toml): quiet logs unless a test run asks for them.
process.env.LOG_LEVEL ??= 'silent';
