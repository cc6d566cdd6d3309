import { ALL_TOPICS, DLQ_SUFFIX, retentionMsOf, Topics } from './topics';

describe('topic retention', () => {
  it('keeps every business topic for the life of the programme', () => {
    for (const topic of Object.values(Topics)) expect(retentionMsOf(topic)).toBe(-1);
  });

  it('keeps dead letters for a finite time', () => {
    const dlqs = ALL_TOPICS.filter((topic) => topic.endsWith(DLQ_SUFFIX));
    expect(dlqs).toHaveLength(Object.values(Topics).length);
    for (const topic of dlqs) expect(retentionMsOf(topic)).toBe(365 * 24 * 3600 * 1000);
  });
});
