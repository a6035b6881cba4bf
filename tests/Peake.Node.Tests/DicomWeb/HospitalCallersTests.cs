using Microsoft.AspNetCore.Http;
using Peake.Cluster.Sites;
using Peake.Ingest;
using Peake.Node.DicomWeb;
using Peake.Node.Options;
using Peake.Node.Tests.Cluster;

namespace Peake.Node.Tests.DicomWeb;

public sealed class HospitalCallersTests : IDisposable
{
    private static readonly HospitalRegistry Hospitals = new(SiteMap.Load(
        Path.Combine(Path.GetDirectoryName(NodeBinary.Path)!, "cluster-config", "sites.conf")));

    private readonly string _dir = Directory.CreateTempSubdirectory("peake-callers-").FullName;

    [Fact]
    public void Given_hospital_tokens_When_a_request_bears_one_Then_it_comes_from_that_hospital_and_a_wrong_token_from_nobody()
    {
        var potomac = Token();
        var callers = HospitalCallers.Load(Hospitals, TokensFile($"# DICOMweb clients\nPOTOMAC_PACS {potomac}\n"), trustHeader: false);

        Assert.Equal("POTOMAC_PACS", callers.HospitalOf(Request(("Authorization", $"Bearer {potomac}"))));
        Assert.Null(callers.HospitalOf(Request(("Authorization", $"Bearer {Token()}"))));
        Assert.Null(callers.HospitalOf(Request()));
    }

    [Fact]
    public void Given_the_header_is_not_trusted_When_a_request_names_a_hospital_Then_it_comes_from_nobody()
    {
        var callers = HospitalCallers.Load(Hospitals, null, trustHeader: false);

        Assert.Null(callers.HospitalOf(Request((HospitalCallers.HeaderName, "POTOMAC_PACS"))));
    }

    [Fact]
    public void Given_a_trusted_header_When_it_names_a_registered_hospital_Then_that_one_and_an_unknown_AE_nobody()
    {
        var callers = HospitalCallers.Load(Hospitals, null, trustHeader: true);

        Assert.Equal("POTOMAC_PACS", callers.HospitalOf(Request((HospitalCallers.HeaderName, "POTOMAC_PACS"))));
        Assert.Null(callers.HospitalOf(Request((HospitalCallers.HeaderName, "NOT_A_HOSPITAL"))));
    }

    [Theory]
    [InlineData("NOT_A_HOSPITAL 0123456789abcdef0123456789abcdef", "is not a hospital")]
    [InlineData("POTOMAC_PACS short", "at least 32 characters")]
    [InlineData("POTOMAC_PACS", "expected \"AE_TITLE token\"")]
    public void Given_a_bad_tokens_file_When_loaded_Then_the_node_refuses_to_start_saying_which_line(string line, string reason)
    {
        var e = Assert.Throws<NodeOptionsException>(() => HospitalCallers.Load(Hospitals, TokensFile(line), trustHeader: false));

        Assert.Contains("line 1", e.Message);
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void Given_one_token_for_two_hospitals_When_loaded_Then_refused()
    {
        var token = Token();
        var file = TokensFile($"POTOMAC_PACS {token}\n{Hospitals.All.First(h => h.Hospital.AeTitle != "POTOMAC_PACS").Hospital.AeTitle} {token}\n");

        var e = Assert.Throws<NodeOptionsException>(() => HospitalCallers.Load(Hospitals, file, trustHeader: false));

        Assert.Contains("line 2", e.Message);
    }

    private string TokensFile(string content)
    {
        var path = Path.Combine(_dir, "tokens");
        File.WriteAllText(path, content);
        return path;
    }

    private static string Token() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

    private static HttpRequest Request(params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        foreach (var (name, value) in headers)
            context.Request.Headers[name] = value;
        return context.Request;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}

public sealed class DicomWebFlagsTests
{
    [Fact]
    public void Given_no_DICOMweb_flags_Then_no_tokens_file_and_the_header_is_not_trusted()
    {
        var o = NodeOptionsParser.Parse(["--site", "east"], _ => null);

        Assert.Null(o.DicomWebTokensFile);
        Assert.False(o.DicomWebTrustHeader);
    }

    [Fact]
    public void Given_DICOMweb_flags_Then_they_are_read_and_a_bad_boolean_is_refused()
    {
        var o = NodeOptionsParser.Parse(["--site", "east", "--dicomweb-tokens-file", "tokens", "--dicomweb-trust-header", "TRUE"], _ => null);

        Assert.Equal("tokens", o.DicomWebTokensFile);
        Assert.True(o.DicomWebTrustHeader);
        var e = Assert.Throws<NodeOptionsException>(() => NodeOptionsParser.Parse(["--site", "east", "--dicomweb-trust-header", "yes"], _ => null));
        Assert.Contains("true or false", e.Message);
    }
}

public sealed class DicomWebTrustHeaderTests
{
    [Fact]
    public void Given_a_node_listening_beyond_loopback_When_the_header_is_to_be_trusted_Then_the_node_refuses_to_start()
    {
        var e = Assert.Throws<NodeOptionsException>(() =>
            NodeOptionsParser.Parse(["--site", "east", "--host", "10.1.2.3", "--dicomweb-trust-header", "true"], _ => null));

        Assert.Contains("loopback", e.Message);
        Assert.True(NodeOptionsParser.Parse(["--site", "east", "--host", "127.0.0.5", "--dicomweb-trust-header", "true"], _ => null).DicomWebTrustHeader);
    }
}
