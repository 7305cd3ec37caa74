using Interop.Text;
using Xunit;

namespace Interop.Tests.Runtime.Text
{
    /// <summary>The one did-you-mean measure (runtime/Text/EditDistance.cs), which the generators also compile and emit.</summary>
    public sealed class EditDistanceTests
    {
        [Theory]
        [InlineData("", "", 0)]
        [InlineData("", "uts", 3)]
        [InlineData("uts", "", 3)]
        [InlineData("hostname", "hostname", 0)]
        [InlineData("hostnme", "hostname", 1)]
        [InlineData("kitten", "sitting", 3)]
        [InlineData("itn", "int", 1)]
        [InlineData("mkdri", "mkdir", 1)]
        [InlineData("ca", "abc", 3)]
        public void CountsInsertionsDeletionsSubstitutionsAndAdjacentSwaps(string a, string b, int expected)
        {
            Assert.Equal(expected, EditDistance.Between(a, b));
            Assert.Equal(expected, EditDistance.Between(b, a));
        }

        [Fact]
        public void ClosestIsTheNearestWithinTheLimitAndTheFirstOfEquals()
        {
            string[] names = ["hostname", "help", "uts", "user"];
            Assert.Equal("hostname", EditDistance.Closest("hostnmae", names, 2));
            Assert.Null(EditDistance.Closest("xyzzy", names, 2));
            Assert.Equal("uts", EditDistance.Closest("ut", names, 1));
            Assert.Equal("help", EditDistance.Closest("hel", ["help", "hell"], 1));
        }

        [Fact]
        public void IgnoringCaseComparesInLowerCaseAndReturnsTheCandidateAsWritten()
        {
            Assert.Equal("Int32", EditDistance.Closest("INT32", ["Int32", "UInt64"], 0, ignoreCase: true));
            Assert.Null(EditDistance.Closest("INT32", ["Int32"], 0));
        }
    }
}
