// The handlers log every step as JSON lines for CloudWatch; in tests that is noise.
// Set HANDLER_LOGS=1 to see them.
if (!process.env.HANDLER_LOGS) {
  beforeEach(() => {
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });
}
