// 学讲评 API: types come from the server's TypeBox schemas.
import type { Static } from 'typebox';
import { http, request, upload } from './http';
import type * as S from '../../../server/modules/weekly/weekly.schemas';

export type Session = S.SessionT;
export type SessionDetail = S.SessionDetailT;
export type SessionForm = S.SessionFormT;
export type AttendanceStatus = S.AttendanceStatusT;
export type AttendanceLine = Static<typeof S.AttendanceLine>;
export type CreateSessionBody = S.CreateSessionBodyT;
export type StudyStats = S.StudyStatsT;
export type CloseResult = Static<typeof S.CloseResult>;
export type Slot = S.SlotT;
export type Rotation = Static<typeof S.Rotation>;
export type Lecture = S.LectureT;
export type Reflection = Static<typeof S.Reflection>;
export type CreateLectureBody = S.CreateLectureBodyT;
export type Task = S.TaskT;
export type TaskDetail = Static<typeof S.TaskDetail>;
export type Report = S.ReportT;
export type ReportStatus = Static<typeof S.ReportStatus>;
export type CreateTaskBody = S.CreateTaskBodyT;
export type Board = S.BoardT;
export type Week = S.WeekT;
export type Material = S.BulletinMaterialT;
export type MaterialKind = Static<typeof S.MaterialKind>;
type Page<T> = { items: T[]; total: number };

// 每周一学
export const listSessions = (q: Static<typeof S.ListSessionsQuery> = {}) => http.get<Page<Session>>('/weekly/sessions', q);
export const getSession = (id: number) => http.get<SessionDetail>(`/weekly/sessions/${id}`);
export const createSession = (body: CreateSessionBody) => http.post<Session>('/weekly/sessions', body);
export const updateSession = (id: number, body: Partial<CreateSessionBody>) => http.patch<Session>(`/weekly/sessions/${id}`, body);
export const deleteSession = (id: number) => http.delete<{ ok: boolean }>(`/weekly/sessions/${id}`);
export const markAttendance = (id: number, entries: Array<{ userId: number; status: AttendanceStatus; note?: string }>) =>
  request<SessionDetail>('PUT', `/weekly/sessions/${id}/attendance`, { body: { entries } });
export const closeSession = (id: number) => http.post<CloseResult>(`/weekly/sessions/${id}/close`);
export const reopenSession = (id: number, reason: string) => http.post<Session>(`/weekly/sessions/${id}/reopen`, { reason });
export const studyStats = (year?: number) => http.get<StudyStats>('/weekly/study/stats', { year });

// 每周一讲
export const getRotation = (q: { from?: string; to?: string } = {}) => http.get<Rotation>('/weekly/rotation', q);
export const generateRotation = (body: Static<typeof S.GenerateBody>) => http.post<Rotation>('/weekly/rotation/generate', body);
export const swapSlots = (id: number, otherId: number) => http.post<Rotation>(`/weekly/rotation/${id}/swap`, { otherId });
export const skipSlot = (id: number, reason: string) => http.post<Rotation>(`/weekly/rotation/${id}/skip`, { reason });
export const assignSlot = (id: number, lecturerId: number) => http.post<Rotation>(`/weekly/rotation/${id}/assign`, { lecturerId });
export const listLectures = (q: Static<typeof S.ListLecturesQuery> = {}) => http.get<Page<Lecture>>('/weekly/lectures', q);
export const getLecture = (id: number) => http.get<Lecture>(`/weekly/lectures/${id}`);
export const createLecture = (body: CreateLectureBody) => http.post<Lecture>('/weekly/lectures', body);
export const giveLecture = (id: number) => http.post<Lecture>(`/weekly/lectures/${id}/give`);
export const commentLecture = (id: number, text: string) => http.post<Lecture>(`/weekly/lectures/${id}/comment`, { text });
export const addReflection = (id: number, text: string) => http.post<Lecture>(`/weekly/lectures/${id}/reflections`, { text });
export const creditReflection = (id: number) => http.post<Lecture>(`/weekly/reflections/${id}/credit`);

// 每周一评
export const listTasks = (q: Static<typeof S.ListTasksQuery> = {}) => http.get<Page<Task>>('/weekly/tasks', q);
export const getTask = (id: number) => http.get<TaskDetail>(`/weekly/tasks/${id}`);
export const createTask = (body: CreateTaskBody) => http.post<Task>('/weekly/tasks', body);
export const importTasks = (file: File, year?: number) =>
  upload<Static<typeof S.ImportResult>>(`/weekly/tasks/import${year ? `?year=${year}` : ''}`, file);
export const reportTask = (id: number, body: Static<typeof S.ReportBody>) => http.post<Report>(`/weekly/tasks/${id}/reports`, body);
export const commentReport = (id: number, text: string) => http.post<Report>(`/weekly/reports/${id}/comment`, { text });
export const milestoneDone = (id: number) => http.post<TaskDetail>(`/weekly/milestones/${id}/done`);
export const listReports = (q: Static<typeof S.ReportsQuery> = {}) => http.get<Page<Report>>('/weekly/reports', q);
export const getBoard = (q: { date?: string; year?: number } = {}) => http.get<Board>('/weekly/board', q);

// 本周 and 信息素材
export const getWeek = (date?: string) => http.get<Week>('/weekly/week', { date });
export const getMaterial = (kind: MaterialKind, p: { id?: number; year?: number; date?: string } = {}) => http.get<Material>('/weekly/material', { kind, ...p });

// 业务知识测试
import type * as Q from '../../../server/modules/weekly/quiz.schemas';
export type Quiz = Q.QuizT;
export type QuizResult = Q.QuizResultT;
export type QuizAttempt = Static<typeof Q.Attempt>;
export type QuizStats = Static<typeof Q.QuizStats>;
export const listQuizzes = () => http.get<Page<Quiz>>('/weekly/quizzes');
export const quizBanks = () => http.get<{ items: Array<Static<typeof Q.Bank>> }>('/weekly/quiz/banks');
export const createQuiz = (body: Q.CreateQuizBodyT) => http.post<Quiz>('/weekly/quizzes', body);
export const startQuiz = (id: number) => http.post<QuizAttempt>(`/weekly/quizzes/${id}/start`);
export const submitQuiz = (id: number, answers: Record<string, number[]>) => http.post<QuizResult>(`/weekly/quizzes/${id}/submit`, { answers });
export const quizResult = (id: number) => http.get<QuizResult>(`/weekly/quizzes/${id}/result`);
export const quizStats = (id: number) => http.get<QuizStats>(`/weekly/quizzes/${id}/stats`);
export const importQuestions = (file: File) => upload<Static<typeof Q.QuizImportResult>>('/weekly/quiz/questions/import', file);
