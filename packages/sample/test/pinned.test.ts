// Pins the generator's bytes. `generate` must give exactly these files for these options: a
// refactoring that reorders a single PRNG draw, a row field or a file would change them. If the
// sample is changed on purpose, regenerate the bundled events/data and record the new hashes.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generate } from '../src/index.ts';

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

/**
 * Recorded when the generator gained the statutory steps of deadlines.md (results served,
 * re-tests, disposals, publication, credit repair applications), after checking the output with
 * cases() and the rejects against the manifest. The first set is large enough for the number of
 * bad lines to depend on the record counts (more than one of each kind); the second ends early
 * in a year: this year's penalty export holds only last year's repeated decisions.
 */
const PINNED = [
  {
    options: { enterprises: 700, seed: 'pinned', asOf: '2026-11-30' },
    sha256: {
      'disposals/disposals-2024.jsonl': '8fb8b342f94b71fcc44e239ed5afcf8eaede5d65b307161fb9a46191fe59a7a8',
      'disposals/disposals-2025.jsonl': '528cf6f2e83be5970aec27cedd4d8f4c317a948715468e3aa156750f1cc7149a',
      'disposals/disposals-2026.csv': 'e692e1c4382f98893f5c3f66b5dd60f4210670c04ce7c8ec692e9ba8e235f972',
      'disposals/updates/corrections-2026-11.jsonl': '11915298a16e3b92d370f2e534f2f313dd83291f537e4e5b553c3a2db5843513',
      'enterprises/enterprises-330302.csv': 'a9b657b962d1f38049440ae72430d95b012fb20035850e359cf6b5a4e732f4ac',
      'enterprises/enterprises-330303.csv': '0d85d07b51d3d5a6d852e4bd13f18c00bc8a28809a801df25f17d6497101e553',
      'enterprises/enterprises-330304.csv': '92cf857e840406e918f2484fefbf27604843c64cd4e927ab6f9b7387a3aee9b3',
      'enterprises/enterprises-330305.csv': 'bf30c047004a67e161efbc5b2718826d14668212c8649300745e0fedb18782ac',
      'enterprises/enterprises-330324.csv': '136633f0398b7ad6de29e7fbac560929d363a38f7be3037f3dbb43e64a72420d',
      'enterprises/enterprises-330326.csv': '4bc8981af85fa0d47f824fdec24af29489dc59ef67359f9415d92183fd61c00b',
      'enterprises/enterprises-330327.csv': 'ff304af1ce347ec73cde4983627db684129f91af9d625aa7ba2cb0219c598a95',
      'enterprises/enterprises-330328.csv': 'a7541452c8a6c954c89c1cb31c18a45768e25db19d44d6a37ac4ab08376f16f1',
      'enterprises/enterprises-330329.csv': '505581719aecf59c2f8566f96f9ed3766b0edc4cd2aa26cca2beb934003e4b21',
      'enterprises/enterprises-330381.csv': 'e76434634a9343728943d71a73985dc52bdc696cf86ebc3b7736d7cf5de1648b',
      'enterprises/enterprises-330382.csv': '42a2230d1f3ca0b0c74b89cd2bbde285b004fa86afce82f1062d07daf237a0b4',
      'enterprises/enterprises-330383.csv': 'edec380307a1f1382405e390d0e69030efb5b1d2c74247611516cb4a52d770ff',
      'enterprises/updates/corrections-2026-11.jsonl':
        'e6480dfb1e664ad1cb21026e38740875171f23727e297ba9c1566c17e4a52002',
      'inspections/2024/inspections-q1.csv': '55026319b51ef7e0adcafb9956fa512e83e9c272b20184a5a1623a7f9fbf0c54',
      'inspections/2024/inspections-q2.csv': '3147b64a0e7340becc38c1c6730584ebe41695df3ea507ec5cbc2696ab04507a',
      'inspections/2024/inspections-q3.csv': 'b542929a7cac2fa60810180dbbd61df545fc0e50c8bf60be72e0161644453445',
      'inspections/2024/inspections-q4.csv': '0c4071bae0b8412816f735c0f128051a9700b701b1495d248aed7d80b95f9574',
      'inspections/2025/inspections-q1.csv': 'f17a07f72ac05289d51c45839f5d6ccafc8f244c7d899b6636ad282cdb851176',
      'inspections/2025/inspections-q2.csv': '16c6938b62251c744d3626bd931e763123cf9cae45a6df018e22045839dd5082',
      'inspections/2025/inspections-q3.csv': '0c29549f04b8a687f9e49ab9a9f6ff157d439e3d3eb6c22dbbb5d942cabb7404',
      'inspections/2025/inspections-q4.csv': 'd581966d164eb73f9cc963b4ebf6f9aa76a6cccc6c73b7c7ca3a5ffb5cb04673',
      'inspections/2026/inspections-q1.csv': '3ecbe395e364ed1e928c209aea3b513f3fb5506b148469841443ce0e9aec0fb9',
      'inspections/2026/inspections-q2.csv': '5e1f94167056566fa2c34280bded5640775d5f77853769b5639e0b534903f90e',
      'inspections/2026/inspections-q3.csv': 'e7e1772e96adf769a5ee84f4e01425c848222417440ab60115d9d08c6dace0b7',
      'inspections/2026/inspections-q4.csv': '8d8d3b1f73b1fb8be3f8263dd238fb794c6f286a2c480107b36ff3621f5adf9c',
      'inspections/2026/inspections-resend-2026-11.jsonl':
        '094aa3251f2db280d840dc041c2dc309e4b57bb15ff5e7b4de31594b97e40c46',
      'inspections/updates/corrections-2026-11.jsonl':
        'fe86446733812d97dea2fa82576b1ac00823d5b032ab2f77a09d9032b9f3119c',
      'inspectors/inspectors.csv': 'fc0ae389d3aea2ddf8a26c0049b22dced4657b1f86efda7b12a90b983ca29a51',
      'penalties/penalties-2022.jsonl': '7eaebed57fa2f849c69a2409bed87bc4bf28ec4bc08859775d8d215c40f624e0',
      'penalties/penalties-2023.jsonl': '0eb29d3f0d97f5d51afc79227d7aa2236c752eadda988626d9759897a52d29c6',
      'penalties/penalties-2024.jsonl': 'edc46a334787d1f8541e020ef9abd8cb115c257b558b1883b46ff95c0fea06fd',
      'penalties/penalties-2025.jsonl': 'ea8a63d10a580a673611f9eb30f0ee595c8cd046a5f07062faf2faa82ff928d1',
      'penalties/penalties-2026.csv': '78f9f648fb5544137802cabeb2d0ca53f4e32ca83ef7a25df06365d5669e4446',
      'penalties/updates/corrections-2026-11.jsonl': '9a7479ae5383bab5db7969d070e2bf022f9d3aa73c6a9cdfe45290da79839f6a',
      'repairs/repairs-2024.jsonl': 'e39be991cc99f059f382a520219d6290ba1e72212f6be7bf31ec7fcd3aee88f0',
      'repairs/repairs-2025.jsonl': '065ec8a4a73ba4b9193fdfa3625181d715eac238cbca1bbb2c06791e853bbe92',
      'repairs/repairs-2026.jsonl': '37953c6ec07c127cccdb7e5ec54e98edaec7faebc0ddc2d3eaa3649b4227688c',
      'samplings/samplings-2024.csv': 'dacc384fb5739e7b709beb5ad8996eb094ad230c9dd65a10e21fc9a3592318ac',
      'samplings/samplings-2025.jsonl': 'b09211648bd351c8ce23092a729a27938168a899b1719fa92ecbde9a7467f51f',
      'samplings/samplings-2026.jsonl': '50cf6e39db21b296d6ecdda7b49d4ab1b4836945545abf6ea6b2004a18c35741',
      'samplings/updates/corrections-2026-11.jsonl': '55ce48e1d3a7aa37517eaafb23833103c74ffe30f2a67ded87da3b3744f58ab6',
      'manifest.json': '5845b9bda5ca30b1362dad8e1e58259a7fe4ea8dfbbc6a65af0e4ab9fd328f1e',
    },
  },
  {
    options: { enterprises: 30, seed: 'pinned-b', asOf: '2025-01-10' },
    sha256: {
      'disposals/disposals-2024.jsonl': '2b3070372854d7bdc44897f59e710882159f9dbe7d84b7d779239bd401b656d3',
      'disposals/updates/corrections-2025-01.jsonl': 'f3f217d65fd8959636ab8d4f13564573e58036dc3fc78e2cee0770b8c6e37b10',
      'enterprises/enterprises-330302.csv': 'c0710c72856d7fb5298b2aca8c6a5849a90a59d3a000bfa99de4c6472a5010b5',
      'enterprises/enterprises-330303.csv': '2fbeab0ce0baf48db8b129687a60239b12213ada8e84c831beb2bd235b021b1e',
      'enterprises/enterprises-330304.csv': '72ad0288f9045761ae16b4c6b98992eb68f243c9d1f80334da999e6a10edc01b',
      'enterprises/enterprises-330305.csv': 'c003352ce4b7866c5b0462da36a01efc5f1c82539a2055a5d6f06c4e2b48af07',
      'enterprises/enterprises-330324.csv': '6d23ba9c56bee9dfd17d28ea64ccb1c6e586365782db0ce7e66855bfe67b3ac7',
      'enterprises/enterprises-330326.csv': '41975c205724fa2f0f9c3f63f172404646a32877a4271bde6f8d373eebfc5c23',
      'enterprises/enterprises-330327.csv': 'f2ce2cdb0ffc33b3b5e48aae1ada555b6f6fb34b64b48717847bf166a9ec6bf4',
      'enterprises/enterprises-330328.csv': '1939bd54bfcde8580a9e2e4d247352f93444e74a660313ef8a59cda08c22b71c',
      'enterprises/enterprises-330329.csv': 'adc10df96d6ce1752005bd41a4fc8bb91185a1f5716886e0f7640dc6202b9581',
      'enterprises/enterprises-330381.csv': '5f16f92b6acc7fa88033b7a88dc6e7de7e6ca6ad01e6bfba367cdc60d8d7c45e',
      'enterprises/enterprises-330382.csv': '81c6cc0017ad4942df88a29aa414ab78c87ba32bbd649a0bad5b99818438a3f8',
      'enterprises/enterprises-330383.csv': '5ba9464485d2f80f8fbc4c96481c36ab4c6e6ef3b506b2860ba374890f192cc2',
      'enterprises/updates/corrections-2025-01.jsonl':
        '84af6725024a902322302bf71682ddc7efe135a3f0093f9aa04ed1163d7b38e7',
      'inspections/2023/inspections-q1.csv': '563cad0b61faa02b511cca9d0c7eb172fb1d980ae863f5c0e74406b4d845f6fa',
      'inspections/2023/inspections-q2.csv': '942e0ed1be87beb07920b57734659f6b69475e5b45be3da6c3265d21386bd6fa',
      'inspections/2023/inspections-q3.csv': '4ec0ae2db071dfa6e7a8617f16f98110ce070d4cb507c4e54a06629ba5efac2d',
      'inspections/2023/inspections-q4.csv': 'fec81947f3c088240714217bc7c283317dc634304ac0633c0a6a14f1bf7f23ea',
      'inspections/2024/inspections-q1.csv': 'a827ff95ebf4125b703dcc64a40090760910e59d1c0c6544295641825a58f725',
      'inspections/2024/inspections-q2.csv': '5c9440e4efd282db7f682121187ef05c2863206896b2f20754421ad487ecf50b',
      'inspections/2024/inspections-q3.csv': '57b3d296493ffee62ad2675f922172b6bab5882749eaf92b32d4408192ffe189',
      'inspections/2024/inspections-q4.csv': 'd9feae31cf7eeddedfcf38bcfb800bcab0cc5423445941e0be8ec78f832adea5',
      'inspections/2025/inspections-resend-2025-01.jsonl':
        '7378d7b5a25a5c2afc2b3fa0dc8647ee7b88561b3e88c70766eb49bcb861c068',
      'inspections/updates/corrections-2025-01.jsonl':
        'bf3e0cfcb65a81790ba60ee4542cf16976ee198df3a7a007940ba975992419d1',
      'inspectors/inspectors.csv': '9ac1909b0603e9a111df6a48c20fa9f2027d22a75954e48e67338fe788b148b9',
      'penalties/penalties-2021.jsonl': 'dc3a96e50c8778bbb7987868fcbf9e19696be07d4d39ba65e05b2fab94950ac2',
      'penalties/penalties-2022.jsonl': 'a1064b61cc627a3ee6a71fe23dab23e97321c11809dd1bc1c88cb23a7e657ca7',
      'penalties/penalties-2023.jsonl': 'ce566312eb3ad97cbba92f814d80b1bf0ffb6eda237f258e227f4ea1f6e25594',
      'penalties/penalties-2024.jsonl': '02474129f0a2d24caca9a81f6e74c6b8fd6760022c208eabed5eaadc815178f2',
      'penalties/penalties-2025.csv': '0b4dbdeb7c92d4896742093dba880d65df24a6ee7daca636a82e0cd581860e8f',
      'penalties/updates/corrections-2025-01.jsonl': '3c9490c3749c54f4905f495e19bc751f763e93d8eb9198db4f855dc3b2297850',
      'repairs/repairs-2022.jsonl': '9f605dc0c171e111ee56613cfc1fc58d03e69f44fa1a47975239345778f08f83',
      'repairs/repairs-2024.jsonl': 'f9abe637913bb70522c36e72c683df2aebe39fba99ece49da619bc060fefa094',
      'repairs/repairs-2025.jsonl': '6eb9c3aceafd1aabfefb9e86a8f03fc3eb4cee9ab87fd242ef351cfb23cbb5ac',
      'samplings/samplings-2023.csv': 'd0d0afbd40c097b430afa47abaf3d3af652b1d6ccd2ae095bb734c050344c005',
      'samplings/samplings-2024.jsonl': 'd6b8c5258274c88638054ebbdd5956cdca84d31eb18982ef1d10dfc3e014bbf3',
      'samplings/updates/corrections-2025-01.jsonl': '1eb416de01348566ba3e71a9cf1d28a4b3e9122383350d3cdfb52f237bfb3299',
      'manifest.json': 'd3943d1c16b128927244b2f940912b44196ab98452dc3fc8ad623a29ab8eaf36',
    },
  },
] as const;

describe('pinned output', () => {
  for (const { options, sha256: expected } of PINNED) {
    it(`gives the recorded bytes for ${options.enterprises} enterprises, seed "${options.seed}", as of ${options.asOf}`, () => {
      const { files, manifest } = generate(options);
      const actual: Record<string, string> = {};
      for (const f of files) actual[f.path] = sha256(f.bytes);
      // As writeDataset writes it.
      actual['manifest.json'] = sha256(`${JSON.stringify(manifest, null, 2)}\n`);
      expect(actual).toEqual(expected);
    });
  }
});
