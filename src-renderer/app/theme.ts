import { createTheme } from '@mantine/core';

const vazirmatn = "Vazirmatn, Tahoma, 'Segoe UI', sans-serif";

export const theme = createTheme({
  fontFamily: vazirmatn,
  headings: { fontFamily: vazirmatn },
  primaryColor: 'teal',
  defaultRadius: 'sm',
});
