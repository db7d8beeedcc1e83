/** The demo department: a 宿松县委组织部-like unit with 2 党支部, 6 科室, 9 学习小组 and 40 people. */
import type { Role } from '../schema';

export const DEMO_UNIT = '宿松县委组织部（演示）';
export const DEMO_PASSWORD = 'Demo@2026';

export const DEMO_BRANCHES = [
  { key: 'b1', name: '部机关第一党支部', sections: [
    { key: 'office', name: '办公室' },
    { key: 'org', name: '组织科' },
    { key: 'cadre', name: '干部科' },
  ] },
  { key: 'b2', name: '部机关第二党支部', sections: [
    { key: 'supervision', name: '干部监督科' },
    { key: 'talent', name: '人才工作科' },
    { key: 'education', name: '党员教育中心' },
  ] },
] as const;

export const DEMO_GROUPS = ['第一学习小组', '第二学习小组', '第三学习小组', '第四学习小组', '第五学习小组', '第六学习小组', '第七学习小组', '第八学习小组', '第九学习小组'];

export interface DemoPerson {
  username: string;
  name: string;
  section: string;
  roles: Role[];
  title: string;
}

const c: Role = 'cadre';
/** Every member is a cadre (党员) first; some hold more roles. */
export const DEMO_PEOPLE: DemoPerson[] = [
  { username: 'admin', name: '系统管理员', section: 'office', roles: ['admin'], title: '系统管理员' },
  { username: 'buzhang', name: '汪振华', section: 'office', roles: ['leader', c], title: '部长' },
  { username: 'fubuzhang', name: '朱明远', section: 'cadre', roles: ['leader', c], title: '常务副部长' },
  { username: 'shuji1', name: '石国庆', section: 'office', roles: ['branch', c], title: '办公室主任、第一党支部书记' },
  { username: 'shuji2', name: '何丽娟', section: 'supervision', roles: ['branch', c], title: '干部监督科科长、第二党支部书记' },
  { username: 'weiyuan1', name: '储卫东', section: 'org', roles: ['branch', c], title: '组织科科长、第一党支部委员' },
  { username: 'jifen1', name: '吴晓燕', section: 'office', roles: ['scorekeeper', c], title: '第一党支部计分员' },
  { username: 'jifen2', name: '陈思远', section: 'education', roles: ['scorekeeper', c], title: '第二党支部计分员' },
  { username: 'xinxi', name: '黄文静', section: 'office', roles: ['editor', c], title: '信息员（研究室）' },
  { username: 'zhangwei', name: '张伟', section: 'org', roles: [c], title: '组织科副科长' },
  { username: 'lina', name: '李娜', section: 'org', roles: [c], title: '组织科科员' },
  { username: 'wangqiang', name: '王强', section: 'org', roles: [c], title: '组织科科员' },
  { username: 'liuyang', name: '刘洋', section: 'org', roles: [c], title: '组织科科员' },
  { username: 'yangfan', name: '杨帆', section: 'org', roles: [c], title: '选调生' },
  { username: 'zhaolei', name: '赵磊', section: 'cadre', roles: [c], title: '干部科科长' },
  { username: 'sunli', name: '孙丽', section: 'cadre', roles: [c], title: '干部科副科长' },
  { username: 'zhoujie', name: '周杰', section: 'cadre', roles: [c], title: '干部科科员' },
  { username: 'xumin', name: '徐敏', section: 'cadre', roles: [c], title: '干部科科员' },
  { username: 'hujun', name: '胡军', section: 'cadre', roles: [c], title: '干部科科员' },
  { username: 'guoxin', name: '郭鑫', section: 'office', roles: ['scorekeeper', c], title: '办公室副主任、计分员（B 岗）' },
  { username: 'mating', name: '马婷', section: 'office', roles: [c], title: '办公室科员' },
  { username: 'luohao', name: '罗浩', section: 'office', roles: [c], title: '机要员' },
  { username: 'liangchen', name: '梁晨', section: 'supervision', roles: ['branch', c], title: '干部监督科副科长、第二党支部委员' },
  { username: 'songjia', name: '宋佳', section: 'supervision', roles: [c], title: '干部监督科科员' },
  { username: 'zhengyu', name: '郑宇', section: 'supervision', roles: [c], title: '干部监督科科员' },
  { username: 'xieqian', name: '谢倩', section: 'supervision', roles: [c], title: '干部监督科科员' },
  { username: 'hanbing', name: '韩冰', section: 'supervision', roles: [c], title: '举报受理员' },
  { username: 'tangpeng', name: '唐鹏', section: 'talent', roles: [c], title: '人才工作科科长' },
  { username: 'fengxue', name: '冯雪', section: 'talent', roles: [c], title: '人才工作科副科长' },
  { username: 'dengkai', name: '邓凯', section: 'talent', roles: [c], title: '人才工作科科员' },
  { username: 'caoyue', name: '曹悦', section: 'talent', roles: [c], title: '人才工作科科员' },
  { username: 'pengbo', name: '彭博', section: 'talent', roles: [c], title: '双招双引专班' },
  { username: 'zengli', name: '曾莉', section: 'education', roles: [c], title: '党员教育中心主任' },
  { username: 'xiaoming', name: '肖明', section: 'education', roles: [c], title: '党员教育中心副主任' },
  { username: 'tianxin', name: '田欣', section: 'education', roles: [c], title: '远程教育管理员' },
  { username: 'dongliang', name: '董亮', section: 'education', roles: ['scorekeeper', c], title: '党员教育中心科员、计分员（B 岗）' },
  { username: 'yuanfang', name: '袁芳', section: 'education', roles: [c], title: '党员教育中心科员' },
  { username: 'panwen', name: '潘文', section: 'cadre', roles: [c], title: '干部科科员（挂职）' },
  { username: 'jiangtao', name: '蒋涛', section: 'org', roles: [c], title: '组织科科员（驻村）' },
  { username: 'caiyun', name: '蔡芸', section: 'talent', roles: [c], title: '人才工作科科员' },
];
