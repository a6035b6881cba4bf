using Peake.Dicom.Network;
using Peake.Dicom.Network.Association;
using Peake.Dicom.Network.Pdu;

namespace Peake.Dicom.Network.Tests.Association;

public sealed class PDataTests
{
    private static readonly Dictionary<byte, AcceptedPresentationContext> Contexts = new()
    {
        [1] = new AcceptedPresentationContext(1, "1.2.840.10008.1.1", "1.2.840.10008.1.2"),
        [3] = new AcceptedPresentationContext(3, "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.1.2.1"),
    };

    [Theory]
    [InlineData(0, 100u, 1)]
    [InlineData(94, 100u, 1)]
    [InlineData(95, 100u, 2)]
    [InlineData(1000, 100u, 11)]
    public void Fragments_fill_each_pdu_up_to_the_peers_maximum(int length, uint max, int expectedPdus)
    {
        var message = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();

        var pdus = PDataFragmenter.Fragment(3, isCommand: false, message, max).ToList();

        Assert.Equal(expectedPdus, pdus.Count);
        Assert.All(pdus, p => Assert.True(PduCodec.Encode(p).Length - PduCodec.HeaderLength <= max));
        Assert.Equal(message, pdus.SelectMany(p => p.Values[0].Data.ToArray()).ToArray());
        Assert.True(pdus[^1].Values[0].IsLast);
        Assert.All(pdus.SkipLast(1), p => Assert.False(p.Values[0].IsLast));
    }

    [Fact]
    public void A_fragmented_command_then_a_streamed_data_set_come_back_in_order()
    {
        var r = new PDataReassembler(Contexts);

        Assert.Null(r.Accept(Pdv(3, command: true, last: false, 1, 2)));
        var command = r.Accept(Pdv(3, command: true, last: true, 3));
        Assert.Equal(new byte[] { 1, 2, 3 }, command!.Data.ToArray());
        Assert.True(command.IsCommand);
        r.ExpectDataSet();
        var first = r.Accept(Pdv(3, command: false, last: false, 9));
        Assert.False(first!.IsLast);
        var last = r.Accept(Pdv(3, command: false, last: true, 8));
        Assert.True(last!.IsLast);
        Assert.True(r.IsBetweenMessages);
        Assert.NotNull(r.Accept(Pdv(1, command: true, last: true, 7)));
        r.ExpectCommand();
        Assert.True(r.IsBetweenMessages);
    }

    [Fact]
    public void A_pdv_on_a_context_that_was_not_accepted_is_a_violation()
    {
        Assert.Throws<DicomNetworkProtocolException>(() => new PDataReassembler(Contexts).Accept(Pdv(5, command: true, last: true, 1)));
    }

    [Fact]
    public void A_data_set_pdv_before_any_command_is_a_violation()
    {
        Assert.Throws<DicomNetworkProtocolException>(() => new PDataReassembler(Contexts).Accept(Pdv(1, command: false, last: true, 1)));
    }

    [Fact]
    public void A_command_pdv_inside_a_data_set_is_a_violation()
    {
        var r = new PDataReassembler(Contexts);
        r.Accept(Pdv(3, command: true, last: true, 1));
        r.ExpectDataSet();
        r.Accept(Pdv(3, command: false, last: false, 1));

        Assert.Throws<DicomNetworkProtocolException>(() => r.Accept(Pdv(3, command: true, last: true, 1)));
    }

    [Fact]
    public void Switching_context_in_the_middle_of_a_message_is_a_violation()
    {
        var r = new PDataReassembler(Contexts);
        r.Accept(Pdv(3, command: true, last: false, 1));

        Assert.Throws<DicomNetworkProtocolException>(() => r.Accept(Pdv(1, command: true, last: true, 1)));
    }

    [Fact]
    public void A_command_growing_past_the_limit_is_a_violation()
    {
        var r = new PDataReassembler(Contexts);
        var chunk = new byte[16 * 1024];
        for (var i = 0; i < 4; i++)
        {
            r.Accept(new PresentationDataValue(1, true, false, chunk));
        }

        Assert.Throws<DicomNetworkProtocolException>(() => r.Accept(new PresentationDataValue(1, true, false, new byte[1])));
    }

    private static PresentationDataValue Pdv(byte context, bool command, bool last, params byte[] data) => new(context, command, last, data);
}
