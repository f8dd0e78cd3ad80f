import Core

/// Latvia's 42 municipalities (7 state cities, 35 municipalities: the 2021 reform made 43, and Varakļānu novads
/// joined Madonas novads on 1 July 2025), each in its planning region, with a rough share of the population:
/// enough to spread synthetic staff as the country is spread.
public struct Municipality: Sendable, Equatable {
    /// The name as a court's name begins: "Rīgas", "Ādažu novada".
    public let genitive: String
    /// The municipality as written in the directory: "Rīga", "Ādažu novads".
    public let name: String
    public let region: PlanningRegion
    /// Thousands of inhabitants, roughly.
    public let population: Int

    public static let all: [Municipality] = [
        // Rīga planning region
        .init("Rīgas", "Rīga", .riga, 605), .init("Jūrmalas", "Jūrmala", .riga, 50),
        .init("Ādažu novada", "Ādažu novads", .riga, 20), .init("Ķekavas novada", "Ķekavas novads", .riga, 30),
        .init("Limbažu novada", "Limbažu novads", .riga, 30), .init("Mārupes novada", "Mārupes novads", .riga, 35),
        .init("Ogres novada", "Ogres novads", .riga, 57), .init("Olaines novada", "Olaines novads", .riga, 20),
        .init("Ropažu novada", "Ropažu novads", .riga, 32), .init("Salaspils novada", "Salaspils novads", .riga, 23),
        .init("Saulkrastu novada", "Saulkrastu novads", .riga, 6), .init("Siguldas novada", "Siguldas novads", .riga, 30),
        .init("Tukuma novada", "Tukuma novads", .riga, 43),
        // Kurzeme
        .init("Liepājas", "Liepāja", .kurzeme, 68), .init("Ventspils", "Ventspils", .kurzeme, 33),
        .init("Dienvidkurzemes novada", "Dienvidkurzemes novads", .kurzeme, 33), .init("Kuldīgas novada", "Kuldīgas novads", .kurzeme, 30),
        .init("Saldus novada", "Saldus novads", .kurzeme, 29), .init("Talsu novada", "Talsu novads", .kurzeme, 38),
        .init("Ventspils novada", "Ventspils novads", .kurzeme, 11),
        // Latgale
        .init("Daugavpils", "Daugavpils", .latgale, 80), .init("Rēzeknes", "Rēzekne", .latgale, 27),
        .init("Augšdaugavas novada", "Augšdaugavas novads", .latgale, 25), .init("Balvu novada", "Balvu novads", .latgale, 19),
        .init("Krāslavas novada", "Krāslavas novads", .latgale, 21), .init("Līvānu novada", "Līvānu novads", .latgale, 10),
        .init("Ludzas novada", "Ludzas novads", .latgale, 22), .init("Preiļu novada", "Preiļu novads", .latgale, 16),
        .init("Rēzeknes novada", "Rēzeknes novads", .latgale, 26),
        // Vidzeme
        .init("Alūksnes novada", "Alūksnes novads", .vidzeme, 14), .init("Cēsu novada", "Cēsu novads", .vidzeme, 41),
        .init("Gulbenes novada", "Gulbenes novads", .vidzeme, 20), .init("Madonas novada", "Madonas novads", .vidzeme, 35),
        .init("Smiltenes novada", "Smiltenes novads", .vidzeme, 19), .init("Valkas novada", "Valkas novads", .vidzeme, 8),
        .init("Valmieras novada", "Valmieras novads", .vidzeme, 51),
        // Zemgale
        .init("Jelgavas", "Jelgava", .zemgale, 55), .init("Aizkraukles novada", "Aizkraukles novads", .zemgale, 30),
        .init("Bauskas novada", "Bauskas novads", .zemgale, 42), .init("Dobeles novada", "Dobeles novads", .zemgale, 28),
        .init("Jelgavas novada", "Jelgavas novads", .zemgale, 30), .init("Jēkabpils novada", "Jēkabpils novads", .zemgale, 43),
    ]

    init(_ genitive: String, _ name: String, _ region: PlanningRegion, _ population: Int) {
        self.genitive = genitive
        self.name = name
        self.region = region
        self.population = population
    }
}
