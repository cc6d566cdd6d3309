// Integration tests wait on a real broker and database: give each test two minutes.
jest.setTimeout(120_000);
