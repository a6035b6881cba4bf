using System.Text;
using Peake.Dicom.Network.Association;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Server;

/// <summary>dcmtk's storescu negotiating a user name and password with our SCP's authorization hook.</summary>
public sealed class UserIdentityTests
{
    [Theory]
    [InlineData("secret", true)]
    [InlineData("guess", false)]
    public async Task Storescu_with_a_user_and_password_is_let_in_only_with_the_right_password(string password, bool accepted)
    {
        using var corpus = await StoreCorpus.CreateAsync(shapes: 1);
        var file = corpus.Files.First(f => Part10.TransferSyntax(f) == "1.2.840.10008.1.2.1");
        await using var server = TestServer.Start(
            o => o with { Acceptor = o.Acceptor with { AuthorizeUser = Authorize } },
            new Dictionary<string, IReadOnlyList<string>> { [StoreCorpus.SecondaryCapture] = ["1.2.840.10008.1.2.1"] });

        var result = await PeerProcess.RunAsync(
            "storescu",
            ["-aet", "STORESCU", "-aec", TestServer.AeTitle, "-xe", "-usr", "alice", "-pwd", password, "-rsp", "-to", "10", "-ta", "10", "-td", "10", "127.0.0.1", server.Port, file],
            TimeSpan.FromSeconds(30));

        Assert.True((result.ExitCode == 0) == accepted, result.ToString());
        Assert.Equal(accepted ? 1 : 0, server.StoredFiles().Length);
        if (!accepted)
        {
            Assert.Contains("Rejected Permanent", result.StandardOutput + result.StandardError, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static UserIdentityDecision Authorize(UserIdentityContext context) =>
        context.Identity is { } id
        && Encoding.UTF8.GetString(id.PrimaryField.Span) == "alice"
        && Encoding.UTF8.GetString(id.SecondaryField.Span) == "secret"
            ? UserIdentityDecision.Accept
            : UserIdentityDecision.Reject;
}
