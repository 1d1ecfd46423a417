/// A problem of the campaign itself (not of delambda): bad arguments, no seeds, a folder it
/// cannot make.
struct CampaignError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
