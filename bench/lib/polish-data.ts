// Realistic Polish contact data for the benchmarks: names and streets with diacritics, towns with
// their commune (gmina), county (powiat), region (województwo), postal code range and landline
// area code, all consistent with each other. Values are real; the weights are rough populations.

export interface Town {
  city: string;
  commune: string;
  county: string;
  region: string;
  /** postal codes of the town: [first, last] as numbers, e.g. 0 … 4999 for 00-000 … 04-999 */
  postal: [number, number];
  /** landline area code (2 digits, as dialed after +48) */
  area: string;
  /** rough relative weight (population in thousands) */
  weight: number;
}

// city, commune, county, region, postal range, area code, weight
const T = (city: string, commune: string, county: string, region: string, from: string, to: string, area: string, weight: number): Town => ({
  city,
  commune,
  county,
  region,
  postal: [Number(from.replace('-', '')), Number(to.replace('-', ''))],
  area,
  weight,
});

export const towns: Town[] = [
  T('Warszawa', 'Warszawa', 'Warszawa', 'mazowieckie', '00-001', '04-999', '22', 1860),
  T('Kraków', 'Kraków', 'Kraków', 'małopolskie', '30-001', '31-999', '12', 800),
  T('Wrocław', 'Wrocław', 'Wrocław', 'dolnośląskie', '50-001', '54-999', '71', 670),
  T('Łódź', 'Łódź', 'Łódź', 'łódzkie', '90-001', '94-999', '42', 660),
  T('Poznań', 'Poznań', 'Poznań', 'wielkopolskie', '60-001', '61-999', '61', 540),
  T('Gdańsk', 'Gdańsk', 'Gdańsk', 'pomorskie', '80-001', '80-999', '58', 470),
  T('Szczecin', 'Szczecin', 'Szczecin', 'zachodniopomorskie', '70-001', '71-999', '91', 390),
  T('Bydgoszcz', 'Bydgoszcz', 'Bydgoszcz', 'kujawsko-pomorskie', '85-001', '85-999', '52', 330),
  T('Lublin', 'Lublin', 'Lublin', 'lubelskie', '20-001', '20-999', '81', 330),
  T('Białystok', 'Białystok', 'Białystok', 'podlaskie', '15-001', '15-999', '85', 290),
  T('Katowice', 'Katowice', 'Katowice', 'śląskie', '40-001', '40-999', '32', 280),
  T('Gdynia', 'Gdynia', 'Gdynia', 'pomorskie', '81-001', '81-600', '58', 240),
  T('Częstochowa', 'Częstochowa', 'Częstochowa', 'śląskie', '42-200', '42-226', '34', 200),
  T('Radom', 'Radom', 'Radom', 'mazowieckie', '26-600', '26-617', '48', 200),
  T('Toruń', 'Toruń', 'Toruń', 'kujawsko-pomorskie', '87-100', '87-119', '56', 195),
  T('Rzeszów', 'Rzeszów', 'Rzeszów', 'podkarpackie', '35-001', '35-959', '17', 195),
  T('Sosnowiec', 'Sosnowiec', 'Sosnowiec', 'śląskie', '41-200', '41-219', '32', 190),
  T('Kielce', 'Kielce', 'Kielce', 'świętokrzyskie', '25-001', '25-900', '41', 185),
  T('Gliwice', 'Gliwice', 'Gliwice', 'śląskie', '44-100', '44-164', '32', 175),
  T('Olsztyn', 'Olsztyn', 'Olsztyn', 'warmińsko-mazurskie', '10-001', '10-900', '89', 170),
  T('Zabrze', 'Zabrze', 'Zabrze', 'śląskie', '41-800', '41-819', '32', 165),
  T('Bielsko-Biała', 'Bielsko-Biała', 'Bielsko-Biała', 'śląskie', '43-300', '43-382', '33', 168),
  T('Bytom', 'Bytom', 'Bytom', 'śląskie', '41-900', '41-936', '32', 160),
  T('Zielona Góra', 'Zielona Góra', 'Zielona Góra', 'lubuskie', '65-001', '65-941', '68', 140),
  T('Rybnik', 'Rybnik', 'Rybnik', 'śląskie', '44-200', '44-274', '32', 135),
  T('Ruda Śląska', 'Ruda Śląska', 'Ruda Śląska', 'śląskie', '41-700', '41-719', '32', 135),
  T('Opole', 'Opole', 'Opole', 'opolskie', '45-001', '45-941', '77', 127),
  T('Tychy', 'Tychy', 'Tychy', 'śląskie', '43-100', '43-143', '32', 125),
  T('Gorzów Wielkopolski', 'Gorzów Wielkopolski', 'Gorzów Wielkopolski', 'lubuskie', '66-400', '66-415', '95', 120),
  T('Elbląg', 'Elbląg', 'Elbląg', 'warmińsko-mazurskie', '82-300', '82-318', '55', 118),
  T('Płock', 'Płock', 'Płock', 'mazowieckie', '09-400', '09-411', '24', 118),
  T('Wałbrzych', 'Wałbrzych', 'Wałbrzych', 'dolnośląskie', '58-300', '58-316', '74', 110),
  T('Włocławek', 'Włocławek', 'Włocławek', 'kujawsko-pomorskie', '87-800', '87-820', '54', 108),
  T('Tarnów', 'Tarnów', 'Tarnów', 'małopolskie', '33-100', '33-110', '14', 107),
  T('Chorzów', 'Chorzów', 'Chorzów', 'śląskie', '41-500', '41-516', '32', 106),
  T('Koszalin', 'Koszalin', 'Koszalin', 'zachodniopomorskie', '75-001', '75-900', '94', 105),
  T('Kalisz', 'Kalisz', 'Kalisz', 'wielkopolskie', '62-800', '62-810', '62', 99),
  T('Legnica', 'Legnica', 'Legnica', 'dolnośląskie', '59-220', '59-230', '76', 98),
  T('Grudziądz', 'Grudziądz', 'Grudziądz', 'kujawsko-pomorskie', '86-300', '86-311', '56', 93),
  T('Słupsk', 'Słupsk', 'Słupsk', 'pomorskie', '76-200', '76-216', '59', 89),
  T('Jaworzno', 'Jaworzno', 'Jaworzno', 'śląskie', '43-600', '43-618', '32', 90),
  T('Jastrzębie-Zdrój', 'Jastrzębie-Zdrój', 'Jastrzębie-Zdrój', 'śląskie', '44-330', '44-335', '32', 87),
  T('Nowy Sącz', 'Nowy Sącz', 'Nowy Sącz', 'małopolskie', '33-300', '33-316', '18', 83),
  T('Jelenia Góra', 'Jelenia Góra', 'Jelenia Góra', 'dolnośląskie', '58-500', '58-573', '75', 78),
  T('Siedlce', 'Siedlce', 'Siedlce', 'mazowieckie', '08-100', '08-119', '25', 77),
  T('Konin', 'Konin', 'Konin', 'wielkopolskie', '62-500', '62-510', '63', 72),
  T('Piotrków Trybunalski', 'Piotrków Trybunalski', 'Piotrków Trybunalski', 'łódzkie', '97-300', '97-306', '44', 72),
  T('Inowrocław', 'Inowrocław', 'inowrocławski', 'kujawsko-pomorskie', '88-100', '88-111', '52', 72),
  T('Lubin', 'Lubin', 'lubiński', 'dolnośląskie', '59-300', '59-301', '76', 71),
  T('Ostrów Wielkopolski', 'Ostrów Wielkopolski', 'ostrowski', 'wielkopolskie', '63-400', '63-410', '62', 71),
  T('Suwałki', 'Suwałki', 'Suwałki', 'podlaskie', '16-400', '16-404', '87', 69),
  T('Gniezno', 'Gniezno', 'gnieźnieński', 'wielkopolskie', '62-200', '62-210', '61', 67),
  T('Przemyśl', 'Przemyśl', 'Przemyśl', 'podkarpackie', '37-700', '37-713', '16', 59),
  T('Zamość', 'Zamość', 'Zamość', 'lubelskie', '22-400', '22-407', '84', 61),
  T('Łomża', 'Łomża', 'Łomża', 'podlaskie', '18-400', '18-404', '86', 62),
  T('Pruszków', 'Pruszków', 'pruszkowski', 'mazowieckie', '05-800', '05-807', '22', 62),
  T('Zakopane', 'Zakopane', 'tatrzański', 'małopolskie', '34-500', '34-504', '18', 27),
  T('Wieliczka', 'Wieliczka', 'wielicki', 'małopolskie', '32-020', '32-020', '12', 24),
  T('Sopot', 'Sopot', 'Sopot', 'pomorskie', '81-701', '81-878', '58', 35),
  T('Piaseczno', 'Piaseczno', 'piaseczyński', 'mazowieckie', '05-500', '05-502', '22', 50),
  T('Legionowo', 'Legionowo', 'legionowski', 'mazowieckie', '05-119', '05-120', '22', 54),
  T('Otwock', 'Otwock', 'otwocki', 'mazowieckie', '05-400', '05-402', '22', 44),
  T('Skierniewice', 'Skierniewice', 'Skierniewice', 'łódzkie', '96-100', '96-101', '46', 47),
  T('Kutno', 'Kutno', 'kutnowski', 'łódzkie', '99-300', '99-302', '24', 42),
  T('Zgierz', 'Zgierz', 'zgierski', 'łódzkie', '95-100', '95-110', '42', 55),
  T('Pabianice', 'Pabianice', 'pabianicki', 'łódzkie', '95-200', '95-206', '42', 63),
  T('Świdnica', 'Świdnica', 'świdnicki', 'dolnośląskie', '58-100', '58-106', '74', 56),
  T('Oleśnica', 'Oleśnica', 'oleśnicki', 'dolnośląskie', '56-400', '56-401', '71', 37),
  T('Głogów', 'Głogów', 'głogowski', 'dolnośląskie', '67-200', '67-210', '76', 66),
  T('Żory', 'Żory', 'Żory', 'śląskie', '44-240', '44-251', '32', 62),
  T('Mielec', 'Mielec', 'mielecki', 'podkarpackie', '39-300', '39-301', '17', 60),
  T('Krosno', 'Krosno', 'Krosno', 'podkarpackie', '38-400', '38-404', '13', 46),
  T('Puławy', 'Puławy', 'puławski', 'lubelskie', '24-100', '24-102', '81', 47),
  T('Chełm', 'Chełm', 'Chełm', 'lubelskie', '22-100', '22-106', '82', 61),
  T('Biała Podlaska', 'Biała Podlaska', 'Biała Podlaska', 'lubelskie', '21-500', '21-502', '83', 56),
  T('Ełk', 'Ełk', 'ełcki', 'warmińsko-mazurskie', '19-300', '19-301', '87', 61),
  T('Giżycko', 'Giżycko', 'giżycki', 'warmińsko-mazurskie', '11-500', '11-500', '87', 29),
  T('Kołobrzeg', 'Kołobrzeg', 'kołobrzeski', 'zachodniopomorskie', '78-100', '78-106', '94', 46),
  T('Świnoujście', 'Świnoujście', 'Świnoujście', 'zachodniopomorskie', '72-600', '72-605', '91', 40),
  T('Stargard', 'Stargard', 'stargardzki', 'zachodniopomorskie', '73-110', '73-115', '91', 67),
  T('Malbork', 'Malbork', 'malborski', 'pomorskie', '82-200', '82-201', '55', 38),
  T('Starogard Gdański', 'Starogard Gdański', 'starogardzki', 'pomorskie', '83-200', '83-201', '58', 47),
  T('Wejherowo', 'Wejherowo', 'wejherowski', 'pomorskie', '84-200', '84-203', '58', 47),
  T('Leszno', 'Leszno', 'Leszno', 'wielkopolskie', '64-100', '64-115', '65', 62),
  T('Piła', 'Piła', 'pilski', 'wielkopolskie', '64-920', '64-935', '67', 72),
  T('Ostrołęka', 'Ostrołęka', 'Ostrołęka', 'mazowieckie', '07-410', '07-417', '29', 51),
  T('Ciechanów', 'Ciechanów', 'ciechanowski', 'mazowieckie', '06-400', '06-401', '23', 43),
  T('Sandomierz', 'Sandomierz', 'sandomierski', 'świętokrzyskie', '27-600', '27-600', '15', 23),
  T('Ostrowiec Świętokrzyski', 'Ostrowiec Świętokrzyski', 'ostrowiecki', 'świętokrzyskie', '27-400', '27-415', '41', 67),
  T('Nysa', 'Nysa', 'nyski', 'opolskie', '48-300', '48-304', '77', 43),
  T('Kędzierzyn-Koźle', 'Kędzierzyn-Koźle', 'kędzierzyńsko-kozielski', 'opolskie', '47-200', '47-232', '77', 59),
  T('Żary', 'Żary', 'żarski', 'lubuskie', '68-200', '68-205', '68', 37),
  T('Nowa Sól', 'Nowa Sól', 'nowosolski', 'lubuskie', '67-100', '67-100', '68', 38),
  T('Augustów', 'Augustów', 'augustowski', 'podlaskie', '16-300', '16-301', '87', 30),
  T('Bochnia', 'Bochnia', 'bocheński', 'małopolskie', '32-700', '32-700', '14', 30),
  T('Oświęcim', 'Oświęcim', 'oświęcimski', 'małopolskie', '32-600', '32-610', '33', 36),
  T('Sieradz', 'Sieradz', 'sieradzki', 'łódzkie', '98-200', '98-200', '43', 41),
  // villages and small towns whose commune is named after another place
  T('Bibice', 'Zielonki', 'krakowski', 'małopolskie', '32-087', '32-087', '12', 6),
  T('Kobyłka', 'Kobyłka', 'wołomiński', 'mazowieckie', '05-230', '05-230', '22', 25),
  T('Łomianki', 'Łomianki', 'warszawski zachodni', 'mazowieckie', '05-092', '05-093', '22', 17),
  T('Tarnowo Podgórne', 'Tarnowo Podgórne', 'poznański', 'wielkopolskie', '62-080', '62-080', '61', 10),
  T('Przeźmierowo', 'Tarnowo Podgórne', 'poznański', 'wielkopolskie', '62-081', '62-081', '61', 6),
  T('Kórnik', 'Kórnik', 'poznański', 'wielkopolskie', '62-035', '62-035', '61', 8),
  T('Żukowo', 'Żukowo', 'kartuski', 'pomorskie', '83-330', '83-330', '58', 7),
  T('Bielawa', 'Kobierzyce', 'wrocławski', 'dolnośląskie', '55-040', '55-040', '71', 4),
  T('Siechnice', 'Siechnice', 'wrocławski', 'dolnośląskie', '55-011', '55-011', '71', 9),
  T('Komorów', 'Michałowice', 'pruszkowski', 'mazowieckie', '05-806', '05-806', '22', 5),
  T('Łężyce', 'Wejherowo', 'wejherowski', 'pomorskie', '84-207', '84-207', '58', 3),
  T('Świątniki Górne', 'Świątniki Górne', 'krakowski', 'małopolskie', '32-040', '32-040', '12', 3),
  T('Źródła', 'Miękinia', 'średzki', 'dolnośląskie', '55-330', '55-330', '71', 1),
  T('Żabieniec', 'Piaseczno', 'piaseczyński', 'mazowieckie', '05-500', '05-500', '22', 2),
  T('Łąck', 'Łąck', 'płocki', 'mazowieckie', '09-520', '09-520', '24', 2),
  T('Gręboszów', 'Gręboszów', 'dąbrowski', 'małopolskie', '33-260', '33-260', '14', 1),
];

export const maleFirst = [
  'Jan', 'Piotr', 'Krzysztof', 'Andrzej', 'Tomasz', 'Paweł', 'Michał', 'Marcin', 'Łukasz', 'Grzegorz', 'Jakub', 'Mateusz',
  'Adam', 'Marek', 'Stanisław', 'Józef', 'Zbigniew', 'Jerzy', 'Tadeusz', 'Rafał', 'Kamil', 'Dawid', 'Maciej', 'Wojciech',
  'Mikołaj', 'Bartłomiej', 'Przemysław', 'Jędrzej', 'Sebastian', 'Ryszard', 'Kazimierz', 'Dariusz', 'Mirosław', 'Sławomir',
  'Bogusław', 'Zdzisław', 'Władysław', 'Bolesław', 'Wiesław', 'Czesław', 'Leszek', 'Szymon', 'Filip', 'Antoni', 'Igor',
  'Hubert', 'Damian', 'Konrad', 'Radosław', 'Ireneusz', 'Zenon', 'Mieczysław', 'Lech', 'Bożydar', 'Ludwik', 'Oskar',
];
export const femaleFirst = [
  'Anna', 'Maria', 'Katarzyna', 'Małgorzata', 'Agnieszka', 'Barbara', 'Ewa', 'Krystyna', 'Elżbieta', 'Magdalena', 'Joanna',
  'Zofia', 'Aleksandra', 'Monika', 'Teresa', 'Danuta', 'Natalia', 'Julia', 'Karolina', 'Marta', 'Beata', 'Dorota', 'Halina',
  'Jadwiga', 'Jolanta', 'Iwona', 'Grażyna', 'Bożena', 'Urszula', 'Justyna', 'Renata', 'Wiesława', 'Paulina', 'Żaneta',
  'Weronika', 'Wiktoria', 'Zuzanna', 'Gabriela', 'Łucja', 'Jagoda', 'Milena', 'Halszka', 'Bronisława', 'Stanisława',
  'Genowefa', 'Józefa', 'Świętosława', 'Małgosia', 'Ilona', 'Edyta', 'Sylwia', 'Agata', 'Emilia', 'Oliwia', 'Hanna',
];
// [male form, female form]; surnames that do not change take the same form twice
export const lastNames: [string, string][] = [
  ['Nowak', 'Nowak'], ['Kowalski', 'Kowalska'], ['Wiśniewski', 'Wiśniewska'], ['Wójcik', 'Wójcik'], ['Kowalczyk', 'Kowalczyk'],
  ['Kamiński', 'Kamińska'], ['Lewandowski', 'Lewandowska'], ['Zieliński', 'Zielińska'], ['Szymański', 'Szymańska'],
  ['Woźniak', 'Woźniak'], ['Dąbrowski', 'Dąbrowska'], ['Kozłowski', 'Kozłowska'], ['Jankowski', 'Jankowska'], ['Mazur', 'Mazur'],
  ['Wojciechowski', 'Wojciechowska'], ['Kwiatkowski', 'Kwiatkowska'], ['Krawczyk', 'Krawczyk'], ['Kaczmarek', 'Kaczmarek'],
  ['Piotrowski', 'Piotrowska'], ['Grabowski', 'Grabowska'], ['Zając', 'Zając'], ['Pawłowski', 'Pawłowska'], ['Michalski', 'Michalska'],
  ['Król', 'Król'], ['Wieczorek', 'Wieczorek'], ['Jabłoński', 'Jabłońska'], ['Wróbel', 'Wróbel'], ['Nowakowski', 'Nowakowska'],
  ['Majewski', 'Majewska'], ['Olszewski', 'Olszewska'], ['Stępień', 'Stępień'], ['Malinowski', 'Malinowska'], ['Jaworski', 'Jaworska'],
  ['Adamczyk', 'Adamczyk'], ['Dudek', 'Dudek'], ['Nowicki', 'Nowicka'], ['Pawlak', 'Pawlak'], ['Górski', 'Górska'],
  ['Witkowski', 'Witkowska'], ['Walczak', 'Walczak'], ['Sikora', 'Sikora'], ['Baran', 'Baran'], ['Rutkowski', 'Rutkowska'],
  ['Michalak', 'Michalak'], ['Szewczyk', 'Szewczyk'], ['Ostrowski', 'Ostrowska'], ['Tomaszewski', 'Tomaszewska'], ['Pietrzak', 'Pietrzak'],
  ['Zalewski', 'Zalewska'], ['Wróblewski', 'Wróblewska'], ['Jasiński', 'Jasińska'], ['Marciniak', 'Marciniak'], ['Bąk', 'Bąk'],
  ['Zawadzki', 'Zawadzka'], ['Sadowski', 'Sadowska'], ['Jakubowski', 'Jakubowska'], ['Duda', 'Duda'], ['Włodarczyk', 'Włodarczyk'],
  ['Wilk', 'Wilk'], ['Chmielewski', 'Chmielewska'], ['Borkowski', 'Borkowska'], ['Sokołowski', 'Sokołowska'], ['Szczepański', 'Szczepańska'],
  ['Sawicki', 'Sawicka'], ['Lis', 'Lis'], ['Kucharski', 'Kucharska'], ['Mazurek', 'Mazurek'], ['Kubiak', 'Kubiak'],
  ['Kalinowski', 'Kalinowska'], ['Wysocki', 'Wysocka'], ['Mączyński', 'Mączyńska'], ['Kołodziej', 'Kołodziej'], ['Czarnecki', 'Czarnecka'],
  ['Sobczak', 'Sobczak'], ['Konieczny', 'Konieczna'], ['Głowacki', 'Głowacka'], ['Zakrzewski', 'Zakrzewska'], ['Krajewski', 'Krajewska'],
  ['Błaszczyk', 'Błaszczyk'], ['Żak', 'Żak'], ['Ćwikliński', 'Ćwiklińska'], ['Śliwiński', 'Śliwińska'], ['Łuczak', 'Łuczak'],
  ['Żukowski', 'Żukowska'], ['Grzelak', 'Grzelak'], ['Ślęzak', 'Ślęzak'], ['Pająk', 'Pająk'], ['Gołębiowski', 'Gołębiowska'],
  ['Brzęczyszczykiewicz', 'Brzęczyszczykiewicz'], ['Źrebiec', 'Źrebiec'], ['Łęcki', 'Łęcka'], ['Ożóg', 'Ożóg'], ['Gąsior', 'Gąsior'],
];
export const streets = [
  'Główna', 'Polna', 'Leśna', 'Słoneczna', 'Krótka', 'Szkolna', 'Ogrodowa', 'Lipowa', 'Łąkowa', 'Brzozowa', 'Kwiatowa', 'Kościelna',
  'Sosnowa', 'Zielona', 'Parkowa', 'Akacjowa', 'Kolejowa', 'Mickiewicza', 'Kościuszki', 'Słowackiego', 'Sienkiewicza', 'Żeromskiego',
  'Kopernika', 'Piłsudskiego', 'Wyszyńskiego', '3 Maja', '11 Listopada', 'Jana Pawła II', 'Wolności', 'Źródlana', 'Świętokrzyska',
  'Łódzka', 'Wrocławska', 'Poznańska', 'Warszawska', 'Krakowska', 'Gdańska', 'Toruńska', 'Młyńska', 'Różana', 'Cicha', 'Spokojna',
  'Wiśniowa', 'Jaśminowa', 'Klonowa', 'Dębowa', 'Jarzębinowa', 'Grunwaldzka', 'Pułaskiego', 'Chopina', 'Moniuszki', 'Reymonta',
  'Prusa', 'Konopnickiej', 'Orzeszkowej', 'Staszica', 'Kilińskiego', 'Traugutta', 'Matejki', 'Batorego', 'Sobieskiego',
  'Bolesława Chrobrego', 'Mieszka I', 'Piastowska', 'Żwirki i Wigury', 'Armii Krajowej', 'Bohaterów Westerplatte',
  'Powstańców Śląskich', 'Wojska Polskiego', 'Niepodległości', 'Solidarności', 'Hallera', 'Dąbrowskiego', 'Narutowicza',
  'Paderewskiego', 'Marii Skłodowskiej-Curie', 'Norwida', 'Tuwima', 'Broniewskiego', 'Wyspiańskiego', 'Fredry', 'Okrzei', 'Rejtana',
  'Kasprowicza', 'Ściegiennego', 'Żółkiewskiego', 'Zamojskiego', 'Ułańska', 'Sądowa', 'Północna', 'Południowa', 'Wschodnia',
  'Zachodnia', 'Nadrzeczna', 'Świerkowa', 'Miodowa', 'Pszczela', 'Bażantowa', 'Żurawia', 'Łabędzia', 'Gęsia',
];
export const streetKinds = ['ul. ', 'ul. ', 'ul. ', 'ul. ', '', '', 'al. ', 'os. ', 'pl. '];
export const companyKinds = ['P.H.U.', 'F.H.U.', 'Przedsiębiorstwo Usługowe', 'Zakład Ślusarski', 'Sklep Spożywczy', 'Biuro Rachunkowe', 'Hurtownia', 'Gabinet Stomatologiczny', 'Piekarnia', 'Usługi Remontowo-Budowlane'];
export const companyNames = ['Żuraw', 'Łączność', 'Pszczółka', 'Złoty Kłos', 'Bąbel', 'Świt', 'Gwiazda', 'Sęk', 'Źródełko', 'Orzeł', 'Mróz', 'Ślimak', 'Jaskółka', 'Dąb', 'Ogniwo'];
export const companyForms = ['Sp. z o.o.', 's.c.', 'Sp.j.', 'S.A.', ''];
export const mailDomains = ['wp.pl', 'onet.pl', 'o2.pl', 'interia.pl', 'gmail.com', 'op.pl', 'poczta.fm', 'tlen.pl'];

// PL mobile ranges (a subset that libphonenumber's metadata accepts as mobile)
export const mobilePrefixes = ['50', '51', '53', '57', '60', '66', '69', '72', '73', '78', '79', '88', '45'];
