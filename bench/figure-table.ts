/** One figure of the benchmark table, with its target from issue 16. */
export interface Figure {
  name: string;
  value: number;
  /** e.g. `ms`, `MiB`, `×`; printed after the value. */
  unit: string;
  /** Digits after the decimal point. */
  digits: number;
  target: { atMost: number } | { atLeast: number };
  /** What the value is made of (the two sides of a ratio, the sample count). */
  detail?: string;
}

export const figureMet = (figure: Figure): boolean =>
  'atMost' in figure.target ? figure.value <= figure.target.atMost : figure.value >= figure.target.atLeast;

const withUnit = (value: string, unit: string): string => (unit ? `${value} ${unit}` : value);

/** Markdown table: figure, value, target, met (yes/no), and what the value is made of. */
export const printFigures = (title: string, figures: readonly Figure[]): void => {
  console.log(`\n${title}`);
  console.log('| figure | value | target | met | measured as |');
  console.log('| --- | ---: | ---: | :---: | --- |');
  for (const figure of figures) {
    const target =
      'atMost' in figure.target
        ? `≤ ${withUnit(String(figure.target.atMost), figure.unit)}`
        : `≥ ${withUnit(String(figure.target.atLeast), figure.unit)}`;
    console.log(
      `| ${figure.name} | ${withUnit(figure.value.toFixed(figure.digits), figure.unit)} | ${target} | ${figureMet(figure) ? 'yes' : 'no'} | ${figure.detail ?? ''} |`,
    );
  }
};
