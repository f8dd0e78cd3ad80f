import Foundation

extension UUID {
    /// The canonical form in lower case, as the API and the pages write ids. Foundation's `uuidString` formats
    /// through `snprintf`, in upper case, and lowering it copies it again: a group's attendance sheet, a list of
    /// ids, spent a twentieth of its time there.
    public var lowercasedString: String {
        withUnsafeBytes(of: uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { text in
                var end = 0
                for (index, byte) in bytes.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        text[end] = UInt8(ascii: "-")
                        end += 1
                    }
                    text[end] = hexDigits[Int(byte >> 4)]
                    text[end + 1] = hexDigits[Int(byte & 0x0F)]
                    end += 2
                }
                return end
            }
        }
    }
}

private let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
