import Foundation
import Notices
import Testing

/// Every message template renders a subject, a plain text and an HTML part, Latvian first and English below,
/// with Latvian letters intact and names escaped in the HTML only.
@Suite struct NoticeTemplatesTests {
    let values: [String: Any] = [
        "name": "Ērika <Šķēle>", "group": "ANO-PILOTS-KURZEME-2027", "booked": 3, "minimum": 15,
        "course": ["lv": "ANO Bērnu tiesību konvencija: bērna līdzdalība", "en": "UN Convention on the Rights of the Child: participation"],
        "firstSession": ["lv": "10.03.2027. plkst. 09:30", "en": "10 March 2027, 09:30"],
        "scheme": "BT-PILNVEIDE", "expires_soon": true, "validUntil": ["lv": "31.05.2031.", "en": "31 May 2031"],
        "hasMissing": true, "missing": ["lv": ["vēl 24 akadēmiskās stundas"], "en": ["24 more academic hours"]],
    ]

    @Test func everyTemplateRendersBothLanguagesInEveryPart() async throws {
        let templates = try await NoticeTemplates()
        #expect(templates.kinds.isSuperset(of: ["enrolment_promoted", "group_below_minimum"]))
        for kind in templates.kinds {
            let notice = try templates.render(kind, values)
            #expect(!notice.subject.isEmpty && !notice.subject.contains("\n") && notice.subject.contains(" / "), "\(kind)")
            for part in [notice.text, notice.html] {
                #expect(!part.contains("{{") && !part.contains("}}"), "\(kind): unresolved tags")
                let lv = try #require(part.range(of: "Labdien"), "\(kind)"), en = try #require(part.range(of: "Hello"), "\(kind)")
                #expect(lv.lowerBound < en.lowerBound, "\(kind): Latvian first")
                #expect(part.contains(kind.hasPrefix("certification") ? "BT-PILNVEIDE" : "ANO-PILOTS-KURZEME-2027"), "\(kind)")
            }
            #expect(notice.html.contains(#"<div lang="lv">"#) && notice.html.contains(#"<div lang="en">"#), "\(kind)")
        }
        let promoted = try templates.render("enrolment_promoted", values)
        #expect(promoted.text.contains("Labdien, Ērika <Šķēle>!") && promoted.html.contains("Labdien, Ērika &lt;Šķēle&gt;!"))
        #expect(promoted.text.contains("(„ANO Bērnu tiesību konvencija: bērna līdzdalība”)") && promoted.text.contains("10.03.2027. plkst. 09:30"))
        let reminder = try templates.render("certification_reminder", values)
        // A Latvian date ends with its own dot, which ends the sentence too.
        #expect(reminder.subject == "BT-PILNVEIDE: derīgs līdz 31.05.2031. / valid until 31 May 2031")
        #expect(reminder.text.contains("ir derīga līdz 31.05.2031.\n\nVēl trūkst:\n- vēl 24 akadēmiskās stundas\n"))
        #expect(reminder.text.contains("is valid until 31 May 2031.\n\nStill missing:\n- 24 more academic hours\n"))
        #expect(throws: NoticeTemplateError.self) { try templates.render("no_such_kind", values) }
    }
}
