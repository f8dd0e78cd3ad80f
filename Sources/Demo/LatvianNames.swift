/// Common Latvian names for synthetic people. Family names have a masculine and a feminine form.
enum LatvianNames {
    static let feminine = [
        "Anna", "Līga", "Ilze", "Inese", "Kristīne", "Laura", "Dace", "Sandra", "Ieva", "Zane", "Agnese", "Linda",
        "Santa", "Evija", "Baiba", "Gunta", "Ināra", "Sarmīte", "Aija", "Elīna", "Marta", "Madara", "Daiga", "Vita",
        "Rūta", "Solvita", "Līva", "Katrīna", "Sanita", "Anita", "Dzintra", "Ērika", "Gita", "Iveta", "Jolanta",
    ]
    static let masculine = [
        "Jānis", "Andris", "Mārtiņš", "Edgars", "Kārlis", "Pēteris", "Juris", "Aivars", "Raimonds", "Uldis",
        "Artūrs", "Roberts", "Māris", "Gints", "Valdis", "Dainis", "Ivars", "Kristaps", "Oskars", "Normunds",
    ]
    /// (masculine, feminine)
    static let family: [(String, String)] = [
        ("Bērziņš", "Bērziņa"), ("Kalniņš", "Kalniņa"), ("Ozols", "Ozola"), ("Jansons", "Jansone"),
        ("Liepiņš", "Liepiņa"), ("Krūmiņš", "Krūmiņa"), ("Balodis", "Balode"), ("Eglītis", "Eglīte"),
        ("Zariņš", "Zariņa"), ("Pētersons", "Pētersone"), ("Vītols", "Vītola"), ("Kļaviņš", "Kļaviņa"),
        ("Kārkliņš", "Kārkliņa"), ("Vanags", "Vanaga"), ("Lapiņš", "Lapiņa"), ("Jēkabsons", "Jēkabsone"),
        ("Siliņš", "Siliņa"), ("Zālītis", "Zālīte"), ("Grīnbergs", "Grīnberga"), ("Ābols", "Ābola"),
        ("Lācis", "Lāce"), ("Skujiņš", "Skujiņa"), ("Zeltiņš", "Zeltiņa"), ("Avotiņš", "Avotiņa"),
        ("Dreimanis", "Dreimane"), ("Strazds", "Strazda"), ("Briedis", "Briede"), ("Rozenbergs", "Rozenberga"),
        ("Āboliņš", "Āboliņa"), ("Mednis", "Medne"), ("Kalns", "Kalna"), ("Priede", "Priede"),
        ("Upītis", "Upīte"), ("Riekstiņš", "Riekstiņa"), ("Sproģis", "Sproģe"), ("Purviņš", "Purviņa"),
    ]

    /// "Ērika" → "erika": e-mail local parts in plain ASCII.
    static func ascii(_ name: String) -> String {
        let map: [Character: String] = [
            "ā": "a", "č": "c", "ē": "e", "ģ": "g", "ī": "i", "ķ": "k", "ļ": "l", "ņ": "n", "š": "s", "ū": "u", "ž": "z",
        ]
        return name.lowercased().map { map[$0] ?? String($0) }.joined()
    }
}
