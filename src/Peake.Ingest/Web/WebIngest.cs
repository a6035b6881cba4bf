using Akka.Actor;

namespace Peake.Ingest.Web;

/// <summary>
/// Instances posted over the web (STOW-RS) go the C-STORE way (ADR 0025, rule 3; ADR 0035): each request is an
/// "association" of the posting hospital (<see cref="WebStoreRequest"/>), and each of its parts the C-STORE its File
/// Meta group describes, through the same sink, checks, quorum and catalog write as a C-STORE.
/// </summary>
public sealed class WebIngest
{
    private readonly ActorSystem _system;
    private readonly IngestContext _context;
    private readonly HospitalRegistry _hospitals;

    internal WebIngest(ActorSystem system, IngestContext context, HospitalRegistry hospitals)
    {
        _system = system;
        _context = context;
        _hospitals = hospitals;
    }

    /// <summary>One STOW-RS request of <paramref name="hospitalAeTitle"/>; dispose it when the request ends.</summary>
    public WebStoreRequest Begin(string hospitalAeTitle) =>
        new(_system, _context, _hospitals.Find(hospitalAeTitle), hospitalAeTitle);

    /// <summary>Stores one Part 10 file as a request of its own (see <see cref="WebStoreRequest.StoreAsync"/>).</summary>
    public async Task<WebStoreOutcome> StoreAsync(Stream part10, string hospitalAeTitle, string? requiredStudyUid, CancellationToken cancellationToken)
    {
        var request = Begin(hospitalAeTitle);
        await using (request.ConfigureAwait(false))
        {
            return await request.StoreAsync(part10, requiredStudyUid, cancellationToken).ConfigureAwait(false);
        }
    }
}
