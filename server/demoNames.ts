// Name lists the demo data draws guests from; plain ASCII so emails and search stay simple.

export const DEMO_FIRST_NAMES = [
  'Amara', 'Ben', 'Chloe', 'Dev', 'Ella', 'Farid', 'Grace', 'Hugo', 'Isla', 'Jonah',
  'Kavya', 'Liam', 'Maya', 'Noah', 'Olivia', 'Priya', 'Quinn', 'Rosa', 'Sami', 'Tara',
  'Umar', 'Vera', 'Wes', 'Xena', 'Yusuf', 'Zoe', 'Aled', 'Bronwen', 'Ciaran', 'Dilys',
] as const;

export const DEMO_LAST_NAMES = [
  'Adeyemi', 'Brennan', 'Carter', 'Dubois', 'Evans', 'Fischer', 'Garcia', 'Hughes', 'Iqbal', 'Jones',
  'Kowalski', 'Lewis', 'Morgan', 'Nakamura', 'Okafor', 'Patel', 'Quigley', 'Rossi', 'Singh', 'Thomas',
  'Usman', 'Varga', 'Walsh', 'Xu', 'Young', 'Zielinski', 'Price', 'Owen', 'Murphy', 'Khan',
] as const;
