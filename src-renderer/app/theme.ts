import { createTheme, type CSSVariablesResolver } from '@mantine/core';

const vazirmatn = "Vazirmatn, Tahoma, 'Segoe UI', sans-serif";

// Colours chosen for WCAG AA contrast (4.5:1) on white: staff read this screen all day.
export const theme = createTheme({
  fontFamily: vazirmatn,
  headings: { fontFamily: vazirmatn },
  primaryColor: 'teal',
  primaryShade: { light: 9, dark: 7 },
  defaultRadius: 'sm',
});

/** Mantine's "dimmed" grey (#868e96) is 3.3:1 on white; a darker grey reaches 6:1. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': '#5c636a',
    // Light-variant text (active nav link, subtle buttons) in teal.6 is 2.5:1 on its tinted background; #05614a is over 6:1.
    '--mantine-primary-color-light-color': '#05614a',
    '--mantine-color-teal-light-color': '#05614a',
    // Filled teal.9 hovers to the lighter teal.8 (3.9:1 under white text); hover darker instead.
    '--mantine-primary-color-filled-hover': '#06684b',
    '--mantine-color-teal-filled-hover': '#06684b',
    // Field errors (message and the field's text) in red.6 are 3.3:1 on white; red.9 is 5.5:1.
    '--mantine-color-error': '#c92a2a',
  },
  dark: {},
});
