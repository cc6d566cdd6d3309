import { simulatedDraw } from './simulated-rail';

describe('simulated rail draws', () => {
  it('are deterministic for a seed, key and call', () => {
    expect(simulatedDraw('s', 'k', 1)).toBe(simulatedDraw('s', 'k', 1));
    expect(simulatedDraw('s', 'k', 1)).not.toBe(simulatedDraw('s', 'k', 2));
    expect(simulatedDraw('s', 'k', 1)).not.toBe(simulatedDraw('t', 'k', 1));
  });

  it('fall in [0, 1) and spread roughly evenly', () => {
    const draws = Array.from({ length: 2000 }, (_, i) => simulatedDraw('seed', `key-${i}`, 1));
    expect(draws.every((d) => d >= 0 && d < 1)).toBe(true);
    const refused = draws.filter((d) => d < 0.3).length / draws.length;
    expect(refused).toBeGreaterThan(0.25);
    expect(refused).toBeLessThan(0.35);
  });
});
