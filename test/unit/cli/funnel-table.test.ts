import { funnelOf, renderFunnel } from '../../../src/cli/funnel-table';

const replicaA = `# HELP ussd_screen_views_total Screens shown
# TYPE ussd_screen_views_total counter
ussd_screen_views_total{menu="soko",screen="main"} 10
ussd_screen_views_total{menu="soko",screen="crop"} 6
ussd_screen_views_total{menu="soko",screen="thanks"} 4
ussd_screen_views_total{menu="other",screen="main"} 99
ussd_screen_invalid_inputs_total{menu="soko",screen="crop"} 3
ussd_screen_endings_total{menu="soko",screen="main",reason="dropped"} 2
ussd_screen_endings_total{menu="soko",screen="crop",reason="too-many"} 1
ussd_screen_endings_total{menu="soko",screen="thanks",reason="end"} 4
`;
const replicaB = `ussd_screen_views_total{menu="soko",screen="main"} 10
ussd_screen_endings_total{menu="soko",screen="main",reason="timeout"} 1
ussd_screen_endings_total{menu="soko",screen="main",reason="unknown"} 7
`;

describe('the funnel table of npm run menus:funnel', () => {
  it('when two replicas are read, then their counts add up per screen, other menus and unknown reasons are left out, the most viewed screen first', () => {
    expect(funnelOf('soko', [replicaA, replicaB])).toEqual([
      { screen: 'main', views: 20, invalid: 0, ended: { end: 0, timeout: 1, 'too-many': 0, dropped: 2 } },
      { screen: 'crop', views: 6, invalid: 3, ended: { end: 0, timeout: 0, 'too-many': 1, dropped: 0 } },
      { screen: 'thanks', views: 4, invalid: 0, ended: { end: 4, timeout: 0, 'too-many': 0, dropped: 0 } },
    ]);
  });

  it('when rendered, then the columns line up and each screen shows the share of its viewers who left there', () => {
    expect(renderFunnel(funnelOf('soko', [replicaA, replicaB]))).toBe(
      [
        'screen  views  invalid  end  timeout  too-many  dropped  left here',
        'main       20        0    0        1         0        2        15%',
        'crop        6        3    0        0         1        0        17%',
        'thanks      4        0    4        0         0        0       100%',
        '',
      ].join('\n'),
    );
  });

  it('when the menu was never reached, then there are no rows', () => {
    expect(funnelOf('nowhere', [replicaA])).toEqual([]);
  });
});
