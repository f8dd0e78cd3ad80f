extension CourseDefinition.Questionnaire {
    /// The questionnaire for a course whose file names none: how participants rate the course's content,
    /// usefulness, lecturers and organisation, and what they would change.
    public static let standard = Self(items: [
        .init(code: "Q1", kind: .scale, text: .init(
            lv: "Mācību saturs atbilda manām darba vajadzībām.", en: "The content met the needs of my work.")),
        .init(code: "Q2", kind: .scale, text: .init(
            lv: "Iegūtās zināšanas un prasmes varēšu izmantot savā darbā.", en: "I will be able to use what I learnt in my work.")),
        .init(code: "Q3", kind: .scale, text: .init(
            lv: "Lektori saturu izklāstīja skaidri un saprotami.", en: "The lecturers presented the content clearly.")),
        .init(code: "Q4", kind: .scale, text: .init(
            lv: "Mācību metodes (diskusijas, gadījumu analīze, praktiski vingrinājumi) bija piemērotas.",
            en: "The teaching methods (discussion, case analysis, practical exercises) were suitable.")),
        .init(code: "Q5", kind: .scale, text: .init(
            lv: "Mācību organizācija (laiks, vieta, materiāli) bija laba.", en: "The organisation (time, venue, materials) was good.")),
        .init(code: "C1", kind: .text, text: .init(
            lv: "Kas mācībās bija visnoderīgākais?", en: "What was most useful?")),
        .init(code: "C2", kind: .text, text: .init(
            lv: "Ko programmā vajadzētu mainīt vai papildināt?", en: "What should the programme change or add?")),
    ])
}
