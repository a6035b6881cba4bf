using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Peake.DicomWeb.Callers;
using Peake.Ingest;
using Peake.Node.Options;

namespace Peake.Node.DicomWeb;

/// <summary>
/// Who a DICOMweb request comes from (ADR 0032). DICOMweb has no calling AE title, so a hospital of cluster-config
/// presents its own bearer token (<c>--dicomweb-tokens-file</c>, one "AE_TITLE token" per line); the token stands for
/// the AE title in every rule the DIMSE gateway applies (issuer of patient ids, home site, access records). Only where
/// the node is told to trust it (<c>--dicomweb-trust-header true</c>: development clusters on loopback and tests) the
/// <c>X-Peake-Hospital</c> header may name a registered hospital instead. Anything else is an unknown caller.
/// </summary>
internal sealed class HospitalCallers : IDicomWebCallers
{
    public const string HeaderName = "X-Peake-Hospital";
    private const int MinimumTokenLength = 32;

    private readonly HospitalRegistry _hospitals;
    private readonly (string AeTitle, byte[] Digest)[] _tokens;
    private readonly bool _trustHeader;

    private HospitalCallers(HospitalRegistry hospitals, (string, byte[])[] tokens, bool trustHeader)
    {
        _hospitals = hospitals;
        _tokens = tokens;
        _trustHeader = trustHeader;
    }

    /// <exception cref="NodeOptionsException">The tokens file is unreadable or names an unknown hospital, a short or a repeated token.</exception>
    public static HospitalCallers Load(HospitalRegistry hospitals, string? tokensFile, bool trustHeader)
    {
        var tokens = new List<(string, byte[])>();
        if (tokensFile is not null)
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(tokensFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new NodeOptionsException($"cannot read the DICOMweb tokens file '{tokensFile}': {e.Message}");
            }
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].Trim();
                if (line.Length == 0 || line.StartsWith('#'))
                    continue;
                var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                var where = $"{tokensFile} line {i + 1}";
                if (parts.Length != 2)
                    throw new NodeOptionsException($"{where}: expected \"AE_TITLE token\"");
                var hospital = hospitals.Find(parts[0])
                    ?? throw new NodeOptionsException($"{where}: {parts[0]} is not a hospital of cluster-config/sites.conf");
                if (parts[1].Length < MinimumTokenLength)
                    throw new NodeOptionsException($"{where}: a token has at least {MinimumTokenLength} characters");
                if (!seen.Add(parts[1]))
                    throw new NodeOptionsException($"{where}: this token is already given to another hospital");
                tokens.Add((hospital.Hospital.AeTitle, Digest(parts[1])));
            }
        }
        return new HospitalCallers(hospitals, [.. tokens], trustHeader);
    }

    public string? HospitalOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            // Every token is compared, each in constant time: neither the answer nor its timing tells which part matched.
            var presented = Digest(authorization["Bearer ".Length..].Trim());
            string? found = null;
            foreach (var (aeTitle, digest) in _tokens)
            {
                if (CryptographicOperations.FixedTimeEquals(presented, digest))
                    found = aeTitle;
            }
            return found;
        }
        if (_trustHeader && request.Headers[HeaderName].ToString() is { Length: > 0 } named)
            return _hospitals.Find(named)?.Hospital.AeTitle;
        return null;
    }

    private static byte[] Digest(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
